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
