/** The pages served on loopback for HTTP tests, with a simulated OAuth provider and a signed-in user (GitHub through nock). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from '@jest/globals';
import nock from 'nock';
import { stateKey } from '../../src/publish/state-seal.js';
import { webRoutes } from '../../src/web/routes.js';
import { SessionStore } from '../../src/web/sessions.js';
import type { WebSettings } from '../../src/web/settings.js';
import { API, APP_ID, APP_LOGIN, sent, WEBHOOK_SECRET } from './github-app.js';
import { testClient } from './recording-fetch.js';

export const OAUTH = 'https://oauth.simulated.test';
export const USER_TOKEN = 'gho_pages_user';
export const webSettings: WebSettings = { publicUrl: 'https://readiness.example', webBase: OAUTH, apiBase: API, oauth: { clientId: 'Iv1.c', clientSecret: 's' }, cookieKey: Buffer.alloc(32, 3) };

let server: Server | null = null;
let base = '';

/** Serves the pages before each test (call once at the top level of a test file, after simulateGitHub). */
export function servePages(): void {
  beforeEach(async () => {
    sent.length = 0;
    const routes = webRoutes({
      settings: webSettings,
      sessions: new SessionStore(() => Date.parse('2026-11-22T12:00:00Z')),
      installationClient: async () => testClient(),
      identity: async () => ({ id: APP_ID, login: APP_LOGIN }),
      stateKey: stateKey(WEBHOOK_SECRET),
      now: () => new Date('2026-11-22T12:00:00Z'),
      log: { warn: () => undefined, error: () => undefined },
    });
    server = createServer((req, res) => void routes(req, res).then((handled) => handled || res.writeHead(404).end()));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
  });
}

export const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

/** Signs in through the OAuth round trip; the session cookie. */
export async function signIn(): Promise<string> {
  nock(OAUTH).post('/login/oauth/access_token').reply(200, { access_token: USER_TOKEN });
  nock(API).get('/user').reply(200, { login: 'octocat' });
  const login = await get('/readiness/login');
  const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
  const back = await get(`/readiness/oauth/callback?code=c&state=${state}`, login.headers.getSetCookie()[0]!.split(';')[0]!);
  return back.headers.getSetCookie().find((c) => c.startsWith('rg_session='))!.split(';')[0]!;
}

/** GitHub's writes during a test, the app's token exchange aside: a page must send none. */
export const writes = () => sent.filter((r) => r.method !== 'GET' && !r.path.includes('/access_tokens'));
