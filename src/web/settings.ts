/**
 * Where the pages live and whom they ask: the app's public address, GitHub's
 * web and API addresses (github.com, or GitHub Enterprise Server through
 * GHE_HOST), and the GitHub App's OAuth credentials. Read from the environment
 * once; tests and the browser tests pass their own (a simulated OAuth provider
 * is just another `webBase`).
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface WebSettings {
  /** The app's public base URL (`READINESS_PUBLIC_URL`), without a trailing slash; null when not configured. */
  publicUrl: string | null;
  /** github.com's address for people (OAuth's /login/oauth, blob links): `https://github.com` or the GHE host. */
  webBase: string;
  /** The REST API the signed-in user's token is used against. */
  apiBase: string;
  /** The GitHub App's OAuth client; null when not configured (the pages then only say how to enable sign-in). */
  oauth: { clientId: string; clientSecret: string } | null;
  /** Signs the session and OAuth-state cookies. */
  cookieKey: Buffer;
}

/** A base URL without its trailing slashes, or null when it is not an http(s) URL. */
export function baseUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

export function webSettingsFromEnv(env: NodeJS.ProcessEnv): WebSettings {
  const protocol = env.GHE_PROTOCOL === 'http' ? 'http' : 'https';
  const webBase = env.GHE_HOST ? `${protocol}://${env.GHE_HOST}` : 'https://github.com';
  const apiBase = env.GHE_HOST ? `${webBase}/api/v3` : 'https://api.github.com';
  const clientId = env.GITHUB_CLIENT_ID;
  const clientSecret = env.GITHUB_CLIENT_SECRET;
  return {
    publicUrl: baseUrl(env.READINESS_PUBLIC_URL),
    webBase,
    apiBase,
    oauth: clientId && clientSecret ? { clientId, clientSecret } : null,
    cookieKey: cookieKey(env.READINESS_SESSION_SECRET, env.WEBHOOK_SECRET),
  };
}

/**
 * Its own secret when given; else derived from the webhook secret (so that no
 * cookie signature can be mistaken for any other of the app's signatures);
 * else random per process (sessions then end with the process, which they do anyway: they live in memory).
 */
export function cookieKey(sessionSecret: string | undefined, webhookSecret: string | undefined): Buffer {
  if (sessionSecret) return createHmac('sha256', 'readiness-gate session cookie').update(sessionSecret).digest();
  if (webhookSecret) return createHmac('sha256', 'readiness-gate session cookie from webhook secret').update(webhookSecret).digest();
  return randomBytes(32);
}
