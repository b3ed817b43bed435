/**
 * Signed-in people. The user's GitHub token never leaves the process: the
 * cookie holds only a random session id, signed (HMAC-SHA256) so a guessed or
 * altered id is refused before any lookup. Sessions live in memory, so they end
 * with the process and are not shared between replicas (sign in again).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  login: string;
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** GitHub App user tokens expire after 8 hours; a session does not outlive its token. */
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  create(login: string, token: string): string {
    if (this.sessions.size >= MAX_SESSIONS) this.dropExpired();
    // Still full: the oldest session goes (a Map iterates in insertion order).
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { login, token, expiresAt: this.now() + SESSION_LIFETIME_MS });
    return id;
  }

  get(id: string): Session | null {
    const session = this.sessions.get(id);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}

/** `value.signature`, the signature over the cookie's name too, so one cookie's value cannot be replayed as another's. */
export function signCookieValue(key: Buffer, name: string, value: string): string {
  return `${value}.${signature(key, name, value)}`;
}

/** The value when the signature holds, else null. */
export function verifyCookieValue(key: Buffer, name: string, signed: string | undefined): string | null {
  if (!signed) return null;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(signature(key, name, value));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
}

function signature(key: Buffer, name: string, value: string): string {
  return createHmac('sha256', key).update(`${name}=${value}`).digest('base64url');
}

/** The request's cookies by name (the first of a repeated name wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/** A Set-Cookie line: HttpOnly and SameSite=Lax always, Secure when the app is served over https. */
export function cookieLine(name: string, value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [`${name}=${value}`, 'Path=/readiness', 'HttpOnly', 'SameSite=Lax', `Max-Age=${options.maxAgeSeconds}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}
