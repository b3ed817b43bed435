/**
 * Who the app is on GitHub. The checklist comment is recognised by its author
 * as well as its marker (anyone can paste a marker), and the check run is
 * looked up by the app's id; both come from `GET /app`, asked once per process.
 */
import type { Probot } from 'probot';
import { appLogin } from '../github/actors.js';

export interface AppIdentity {
  id: number;
  slug: string;
  /** The login the app comments as: `<slug>[bot]`. */
  login: string;
}

/**
 * Where there is no app key to ask `GET /app` with (the GitHub Actions
 * adapter runs on a workflow's token), the identity is configured instead:
 * `READINESS_APP_ID` and `READINESS_APP_SLUG`.
 */
export function configuredIdentity(env: NodeJS.ProcessEnv): AppIdentity | null {
  const id = Number(env.READINESS_APP_ID);
  const slug = env.READINESS_APP_SLUG;
  if (!Number.isSafeInteger(id) || id <= 0 || !slug) return null;
  return { id, slug, login: appLogin(slug) };
}

export function appIdentityResolver(app: Probot, env: NodeJS.ProcessEnv = process.env): () => Promise<AppIdentity> {
  const configured = configuredIdentity(env);
  if (configured) return () => Promise.resolve(configured);
  let pending: Promise<AppIdentity> | null = null;
  return () => {
    pending ??= (async () => {
      const github = await app.auth();
      const { data } = await github.rest.apps.getAuthenticated();
      if (!data) throw new Error('GitHub did not describe the app (GET /app returned nothing)');
      return { id: data.id, slug: data.slug ?? String(data.id), login: appLogin(data.slug ?? data.id) };
    })();
    // A failed lookup is asked again on the next event rather than cached.
    pending.catch(() => {
      pending = null;
    });
    return pending;
  };
}
