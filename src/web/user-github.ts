/**
 * What the app asks GitHub on behalf of the signed-in person: the OAuth code
 * exchange, who they are, and whether they may read a repository. The token
 * goes only in an Authorization header (never in a URL), and errors never
 * carry it.
 */
import type { RepoRef } from '../github/client.js';
import type { WebSettings } from './settings.js';

export class SignInError extends Error {}

/** Trades the OAuth code for the user's token at `<webBase>/login/oauth/access_token`. */
export async function exchangeCode(settings: WebSettings, code: string, redirectUri: string | null): Promise<string> {
  if (!settings.oauth) throw new SignInError('Sign-in is not configured.');
  const response = await fetch(`${settings.webBase}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: settings.oauth.clientId,
      client_secret: settings.oauth.clientSecret,
      code,
      ...(redirectUri ? { redirect_uri: redirectUri } : {}),
    }),
  });
  const body = (await response.json().catch(() => null)) as { access_token?: unknown; error?: unknown } | null;
  if (!response.ok || typeof body?.access_token !== 'string' || body.access_token === '') {
    const reason = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new SignInError(`GitHub did not accept the sign-in (${reason}).`);
  }
  return body.access_token;
}

async function asUser(settings: WebSettings, token: string, path: string): Promise<Response> {
  return fetch(`${settings.apiBase}${path}`, {
    headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28' },
  });
}

export async function userLogin(settings: WebSettings, token: string): Promise<string> {
  const response = await asUser(settings, token, '/user');
  const body = (await response.json().catch(() => null)) as { login?: unknown } | null;
  if (!response.ok || typeof body?.login !== 'string') throw new SignInError(`GitHub did not say who signed in (HTTP ${response.status}).`);
  return body.login;
}

/**
 * Whether GitHub lets this user read the repository: `GET /repos/{owner}/{repo}`
 * with their own token, and its `permissions.pull`. With a GitHub App's user
 * token GitHub answers only for repositories the app is installed on that the
 * user can see, which is exactly the pages' audience. Anything but a clear yes is no.
 */
export async function canRead(settings: WebSettings, token: string, repo: RepoRef): Promise<boolean> {
  const response = await asUser(settings, token, `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`);
  if (!response.ok) return false;
  const body = (await response.json().catch(() => null)) as { permissions?: { pull?: unknown } } | null;
  return body?.permissions?.pull === true;
}

/** A repository of an installation that GitHub says the signed-in user can read. */
export interface ReadableRepo {
  owner: string;
  repo: string;
}

/** Pages of a user listing read at most (100 a page): an overview of more is cut, never slowed without end. */
const MAX_USER_PAGES = 10;

async function userPages<T>(settings: WebSettings, token: string, path: string, key: string): Promise<T[] | null> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_USER_PAGES; page += 1) {
    const response = await asUser(settings, token, `${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}`);
    if (!response.ok) return null;
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    const list = body?.[key];
    if (!Array.isArray(list)) return null;
    items.push(...(list as T[]));
    if (list.length < 100) break;
  }
  return items;
}

/**
 * The repositories of the app's installation on `owner` that this user can
 * read, as GitHub says with the user's own token: `GET /user/installations`
 * (the installations of this app the user can reach), then that
 * installation's `GET /user/installations/{id}/repositories` (only the
 * repositories the user has access to), kept only with `permissions.pull`.
 * Null when the app is not installed on `owner` for this user, or GitHub does not answer clearly.
 */
export async function readableInstallationRepos(settings: WebSettings, token: string, owner: string): Promise<ReadableRepo[] | null> {
  const installations = await userPages<{ id?: unknown; account?: { login?: unknown } | null }>(settings, token, '/user/installations', 'installations');
  const installation = installations?.find((i) => typeof i.account?.login === 'string' && i.account.login.toLowerCase() === owner.toLowerCase());
  if (!installation || typeof installation.id !== 'number') return null;
  const repos = await userPages<{ name?: unknown; owner?: { login?: unknown } | null; permissions?: { pull?: unknown } }>(
    settings,
    token,
    `/user/installations/${installation.id}/repositories`,
    'repositories',
  );
  if (!repos) return null;
  return repos.flatMap((r) =>
    r.permissions?.pull === true && typeof r.name === 'string' && typeof r.owner?.login === 'string' ? [{ owner: r.owner.login, repo: r.name }] : [],
  );
}
