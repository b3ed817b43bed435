/**
 * The pages through HTTP, with GitHub simulated by nock: its API, and its OAuth
 * provider at the web address the settings name.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { webRoutes } from '../../src/web/routes.js';
import { SessionStore } from '../../src/web/sessions.js';
import type { WebSettings } from '../../src/web/settings.js';
import { API, APP_ID, APP_LOGIN, sent, simulateGitHub, WEBHOOK_SECRET } from '../support/github-app.js';
import { testClient } from '../support/recording-fetch.js';
import { stateKey } from '../../src/publish/state-seal.js';
import { renderCheckRun } from '../../src/render/check-run.js';
import { verdict } from '../render/verdict-fixture.js';
import { appChecklistBody, CONTRACT, GOOD_CARD, HEAD, mockCompare, mockContract, mockConversation, mockConversationHistory, mockEvidence, mockHeadPulls, openedPayload, REPO } from '../support/pull-fixtures.js';

simulateGitHub({ loopback: true });

const OAUTH = 'https://oauth.simulated.test';
const PAGE = '/readiness/Codertocat/Hello-World/pull/2';
const USER_TOKEN = 'gho_user_token_never_in_a_url';

function settings(overrides: Partial<WebSettings> = {}): WebSettings {
  return {
    publicUrl: 'https://readiness.example',
    webBase: OAUTH,
    apiBase: API,
    oauth: { clientId: 'Iv1.client', clientSecret: 'client-secret' },
    cookieKey: Buffer.alloc(32, 7),
    ...overrides,
  };
}

let server: Server | null = null;
let base = '';
const logged: unknown[] = [];

async function serve(web: WebSettings = settings(), installed = true): Promise<void> {
  const routes = webRoutes({
    settings: web,
    sessions: new SessionStore(() => Date.parse('2026-11-22T12:00:00Z')),
    installationClient: async () => (installed ? testClient() : null),
    identity: async () => ({ id: APP_ID, login: APP_LOGIN }),
    stateKey: stateKey(WEBHOOK_SECRET),
    now: () => new Date('2026-11-22T12:00:00Z'),
    log: { warn: (obj) => void logged.push(obj), error: (obj) => void logged.push(obj) },
  });
  server = createServer((req, res) => void routes(req, res).then((handled) => handled || res.writeHead(404).end()));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(() => {
  sent.length = 0;
  logged.length = 0;
});

afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
  server = null;
});

const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

/** `name=value` of each Set-Cookie line. */
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(';')[0]!);
}

/** The simulated OAuth provider: it accepts one code and names the user. */
function mockOAuthProvider(login = 'octocat') {
  let exchanged: any = null;
  nock(OAUTH)
    .post('/login/oauth/access_token', (body) => {
      exchanged = body;
      return true;
    })
    .reply(200, { access_token: USER_TOKEN, token_type: 'bearer' });
  nock(API).get('/user').matchHeader('authorization', `Bearer ${USER_TOKEN}`).reply(200, { login });
  return () => exchanged;
}

/** Signs in through the whole round trip; returns the session cookie and where the callback sent the browser. */
async function signIn(next = PAGE): Promise<{ cookie: string; location: string | null }> {
  const exchanged = mockOAuthProvider();
  const login = await get(`/readiness/login?next=${encodeURIComponent(next)}`);
  const authorize = new URL(login.headers.get('location')!);
  const state = authorize.searchParams.get('state')!;
  const stateCookie = cookiesOf(login)[0]!;
  const back = await get(`/readiness/oauth/callback?code=the-code&state=${state}`, stateCookie);
  expect(back.status).toBe(302);
  expect(exchanged()).toEqual({ client_id: 'Iv1.client', client_secret: 'client-secret', code: 'the-code', redirect_uri: 'https://readiness.example/readiness/oauth/callback' });
  const session = cookiesOf(back).find((c) => c.startsWith('rg_session='))!;
  return { cookie: session, location: back.headers.get('location') };
}

function mockReadAccess(pull: boolean) {
  return nock(API).get(REPO).matchHeader('authorization', `Bearer ${USER_TOKEN}`).reply(200, { full_name: 'Codertocat/Hello-World', permissions: { pull, push: false, admin: false } });
}

/** The app's check runs on the head, as the history reader asks for them (audit/history.ts). */
function mockCheckRuns(runs: unknown[]) {
  nock(API)
    .get(`${REPO}/commits/${HEAD}/check-runs`)
    .query({ app_id: String(APP_ID), filter: 'all', per_page: 100 })
    .reply(200, { total_count: runs.length, check_runs: runs });
}

/** The reads of one read-only evaluation of the example pull request, and its history of check runs. */
function mockPullReads(options: { title?: string; eval: string; comments?: unknown[]; checkRuns?: unknown[] }) {
  nock(API).get(`${REPO}/pulls/2`).reply(200, { ...openedPayload().pull_request, title: options.title ?? 'Retrain the churn model' });
  mockContract(CONTRACT);
  mockCompare(HEAD, [{ filename: 'models/churn.onnx' }]);
  mockHeadPulls(HEAD, [{ number: 2, base: 'master' }]);
  mockEvidence(HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': options.eval });
  mockConversation(options.comments ?? []);
  nock(API).get(`${REPO}/pulls/2/commits`).query({ per_page: 100 }).reply(200, [{ sha: HEAD }]);
  mockCheckRuns(options.checkRuns ?? []);
}

describe('signing in', () => {
  it('sends anonymous visitors to sign in, and brings them back to the page after GitHub’s OAuth round trip', async () => {
    await serve();
    const anonymous = await get(PAGE);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe(`/readiness/login?next=${encodeURIComponent(PAGE)}`);

    const login = await get(`/readiness/login?next=${encodeURIComponent(PAGE)}`);
    const authorize = new URL(login.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${OAUTH}/login/oauth/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe('Iv1.client');
    expect(authorize.searchParams.get('redirect_uri')).toBe('https://readiness.example/readiness/oauth/callback');
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stateLine = login.headers.getSetCookie()[0]!;
    expect(stateLine).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/);

    const { cookie, location } = await signIn();
    expect(location).toBe(PAGE);
    expect(cookie).toMatch(/^rg_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // The cookie holds a random id, never the token.
    expect(cookie).not.toContain(USER_TOKEN);
    expect(JSON.stringify(logged)).not.toContain(USER_TOKEN);
  });

  it('refuses a callback whose state is not the one this browser was given (CSRF), and asks GitHub nothing', async () => {
    await serve();
    const login = await get('/readiness/login');
    const stateCookie = cookiesOf(login)[0]!;
    const forged = await get('/readiness/oauth/callback?code=attackers-code&state=attackers-state', stateCookie);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Sign-in refused');
    expect(cookiesOf(forged).some((c) => c.startsWith('rg_session=') && c.length > 'rg_session='.length)).toBe(false);
    // No state cookie at all (a link from another site) is refused the same way.
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
    expect((await get(`/readiness/oauth/callback?code=x&state=${state}`)).status).toBe(400);
    expect(sent).toEqual([]);
  });

  it('refuses a forged or altered session cookie', async () => {
    await serve();
    const { cookie } = await signIn();
    const altered = `${cookie.slice(0, -2)}xx`;
    expect((await get(PAGE, altered)).status).toBe(302);
    expect((await get(PAGE, 'rg_session=guessed')).status).toBe(302);
  });

  it('sends a sign-in back only to a page of this app, never to another site', async () => {
    await serve();
    const { location } = await signIn('//evil.example/steal');
    expect(location).toBe('/readiness/');
  });

  it('signing out ends the session on the server, not just in the browser', async () => {
    await serve();
    const { cookie } = await signIn();
    const out = await fetch(`${base}/readiness/logout`, { method: 'POST', redirect: 'manual', headers: { cookie } });
    expect(out.status).toBe(200);
    expect((await get(PAGE, cookie)).status).toBe(302);
  });

  it('without OAuth credentials says how to enable sign-in and shows nothing else', async () => {
    await serve(settings({ oauth: null }));
    const response = await get(PAGE);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).toContain('GITHUB_CLIENT_ID');
    expect(text).not.toContain('Hello-World');
    expect(sent).toEqual([]);
  });
});

describe('the details page', () => {
  it('refuses a user GitHub does not let read the repository, and reads nothing of it', async () => {
    await serve();
    const { cookie } = await signIn();
    mockReadAccess(false);
    const response = await get(PAGE, cookie);
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).toContain('No access');
    expect(text).not.toContain('Retrain');
    expect(sent).toEqual([]);
  });

  it('answers a repository that GitHub hides from the user (404) exactly like one they may not read', async () => {
    await serve();
    const { cookie } = await signIn();
    nock(API).get(REPO).reply(404, { message: 'Not Found' });
    expect((await get(PAGE, cookie)).status).toBe(403);
  });

  it('shows a failing pull request: the gap with its file and line at the judged commit, escaped titles, and the earlier check', async () => {
    await serve();
    const { cookie } = await signIn();
    mockReadAccess(true);
    mockPullReads({
      title: '<script>alert("pwned")</script>',
      eval: '{\n  "metrics": { "auc": 0.74 }\n}\n',
      checkRuns: [
        {
          id: 9,
          name: 'readiness',
          status: 'completed',
          head_sha: HEAD,
          conclusion: 'failure',
          completed_at: '2026-11-22T11:00:00Z',
          html_url: 'https://github.com/Codertocat/Hello-World/runs/9',
          app: { id: APP_ID },
          output: { title: '0 of 1 sign-offs · 1 of 2 evidence', text: renderCheckRun(verdict({ headSha: HEAD, evaluatedAt: '2026-11-22T11:00:00.000Z' }), { contractPath: 'x', contractSha: 'b10b5a', pull: 2 }).text },
        },
        // Another app's look-alike check is not the app's record, even with a well-formed one.
        {
          id: 10,
          name: 'readiness',
          status: 'completed',
          head_sha: HEAD,
          conclusion: 'success',
          completed_at: '2026-11-22T11:30:00Z',
          app: { id: 999 },
          output: { title: 'forged', text: renderCheckRun(verdict({ headSha: HEAD, evaluatedAt: '2026-11-22T11:30:00.000Z', conclusion: 'success' }), { contractPath: 'x', contractSha: null, pull: 2 }).text },
        },
      ],
    });
    const response = await get(PAGE, cookie);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('❌ not ready');
    expect(text).toContain('metrics.auc is 0.74, needs ≥ 0.8');
    expect(text).toContain(`href="${OAUTH}/Codertocat/Hello-World/blob/${HEAD}/reports/eval.json#L2"`);
    expect(text).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(text).not.toContain('<script');
    expect(text).toContain('2026-11-22T11:00:00.000Z');
    expect(text).not.toContain('2026-11-22T11:30:00');
    expect(text).toContain('href="https://github.com/Codertocat/Hello-World/runs/9"');
    expect(text).toContain('blob <code>b10b5a</code>');
    // Read-only: the page view sent GETs alone (the token exchange aside), so it can never publish.
    expect(sent.filter((r) => r.method !== 'GET' && !r.path.includes('/access_tokens'))).toEqual([]);
    expect(nock.pendingMocks().filter((m) => !m.includes('/app'))).toEqual([]);
  });

  it('shows a passing pull request', async () => {
    await serve();
    const { cookie } = await signIn();
    mockReadAccess(true);
    const signoff = {
      id: 5,
      body: '/signoff ml-lead',
      user: { login: 'alice', type: 'User' },
      created_at: '2026-11-22T10:00:00Z',
      updated_at: '2026-11-22T10:00:00Z',
      node_id: 'IC_5',
      author_association: 'MEMBER',
    };
    // The app's own signed record says the head was current since 09:00, which pins the plain-comment sign-off to it.
    const checklist = { id: 90, body: appChecklistBody({ heads: [{ sha: HEAD, since: '2026-11-22T09:00:00Z' }] }), user: { login: APP_LOGIN, type: 'Bot' }, created_at: '2026-11-22T09:00:00Z', updated_at: '2026-11-22T09:00:00Z' };
    mockPullReads({ eval: '{ "metrics": { "auc": 0.91 } }', comments: [checklist, signoff] });
    // Whether the comment was edited: GitHub's GraphQL history, read (a query, not a write).
    mockConversationHistory();
    const response = await get(PAGE, cookie);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('✅ ready');
    expect(text).toContain('alice at');
    expect(text).toContain('The app has not checked any commit of this pull request yet.');
    // Its one POST is GraphQL's read of the comment's edit history: a query, never a mutation.
    const writes = sent.filter((r) => r.method !== 'GET' && !r.path.includes('/access_tokens'));
    expect(writes.map((r) => r.path)).toEqual(['/graphql']);
    expect(String(writes[0]?.body.query).trim()).toMatch(/^query\b/);
  });

  it('refuses a head that another open pull request into the same base shares, like the check does, and writes nothing', async () => {
    await serve();
    const { cookie } = await signIn();
    mockReadAccess(true);
    nock(API).get(`${REPO}/pulls/2`).reply(200, openedPayload().pull_request);
    mockContract(CONTRACT);
    mockCompare(HEAD, [{ filename: 'models/churn.onnx' }]);
    // A colleague's pull request #7 with the author's head: sign-offs on #7 must not pass #2's check, so neither is judged.
    mockHeadPulls(HEAD, [
      { number: 2, base: 'master' },
      { number: 7, base: 'master' },
    ]);
    nock(API).get(`${REPO}/pulls/2/commits`).query({ per_page: 100 }).reply(200, [{ sha: HEAD }]);
    mockCheckRuns([]);
    const response = await get(PAGE, cookie);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('Readiness not judged: one commit, several pull requests');
    expect(text).toContain('This commit is the head of #2 and #7 into `master`');
    expect(text).not.toContain('✅ ready');
    // No evidence and no conversation was read, and nothing written.
    expect(sent.filter((r) => r.path.includes('/contents/') || r.path.includes('/comments')).map((r) => r.path)).toEqual([`${REPO}/contents/.github/readiness.yml?ref=master`]);
    expect(sent.filter((r) => r.method !== 'GET' && !r.path.includes('/access_tokens'))).toEqual([]);
    expect(nock.pendingMocks().filter((m) => !m.includes('/app'))).toEqual([]);
  });

  it('sends the security headers: a CSP without inline script, nosniff, no referrer, no framing', async () => {
    await serve();
    for (const response of [await get('/readiness/login'), await get(PAGE), await get('/readiness/assets/style.css')]) {
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

