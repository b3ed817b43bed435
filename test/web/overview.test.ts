/**
 * The organisation overview through HTTP, GitHub simulated by nock: which
 * repositories the signed-in user may see (GitHub's word, with the user's
 * token), each pull request's verdict from the app's own check record, the
 * role and repository filters, hostile texts escaped, and no writes.
 */
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { DASHBOARD_MARKER } from '../../src/github/markers.js';
import { renderCheckRun } from '../../src/render/check-run.js';
import { API, APP_ID, APP_LOGIN, sent, simulateGitHub } from '../support/github-app.js';
import { get, OAUTH, servePages, signIn, USER_TOKEN, writes } from '../support/web-pages.js';
import { evidence, signoff, verdict } from '../render/verdict-fixture.js';

simulateGitHub({ loopback: true });
servePages();

const sha = (n: number) => n.toString(16).padStart(40, '0');

/** GitHub's answer to the user's token: the app is installed on acme; of its repositories the user may read churn and fraud, not secret. */
function mockUserRepos() {
  nock(API)
    .get('/user/installations')
    .query({ per_page: 100, page: 1 })
    .matchHeader('authorization', `Bearer ${USER_TOKEN}`)
    .reply(200, { total_count: 2, installations: [{ id: 78, account: { login: 'other' } }, { id: 77, account: { login: 'acme' } }] });
  nock(API)
    .get('/user/installations/77/repositories')
    .query({ per_page: 100, page: 1 })
    .matchHeader('authorization', `Bearer ${USER_TOKEN}`)
    .reply(200, {
      total_count: 3,
      repositories: [
        { name: 'churn', owner: { login: 'acme' }, permissions: { pull: true } },
        { name: 'fraud', owner: { login: 'acme' }, permissions: { pull: true } },
        { name: 'secret', owner: { login: 'acme' }, permissions: { pull: false } },
      ],
    });
}

const waitingOnSre = verdict({ headSha: sha(1) });
const waitingOnMlLead = verdict({
  headSha: sha(2),
  signoffs: [signoff({ role: 'ml-lead', status: 'missing' }), signoff({ role: 'sre', status: 'met' })],
  evidence: [evidence()],
});

function run(id: number, head: string, text: string, app = APP_ID) {
  return { id, name: 'readiness', head_sha: head, status: 'completed', conclusion: 'failure', html_url: `https://github.com/runs/${id}`, app: { id: app }, output: { text } };
}
const recordText = (v: ReturnType<typeof verdict>, pull: number) => renderCheckRun(v, { contractPath: '.github/readiness.yml', contractSha: 'c0ffee', pull }).text;

/** One repository's reads: its open pull requests, the app's check on each head, the app's open issues. */
function mockRepo(repo: string, pulls: { number: number; title: string; head: string; runs: unknown[] }[], issues: unknown[] = []) {
  const scope = nock(API);
  scope
    .get(`/repos/acme/${repo}/pulls`)
    .query({ state: 'open', sort: 'updated', direction: 'desc', per_page: 50 })
    .reply(
      200,
      pulls.map((p) => ({ number: p.number, title: p.title, html_url: `https://github.com/acme/${repo}/pull/${p.number}`, user: { login: 'dana' }, head: { sha: p.head }, base: { ref: 'main', repo: { default_branch: 'main' } } })),
    );
  for (const p of pulls) {
    scope
      .get(`/repos/acme/${repo}/commits/${p.head}/check-runs`)
      .query({ check_name: 'readiness', filter: 'latest', app_id: String(APP_ID) })
      .reply(200, { total_count: p.runs.length, check_runs: p.runs });
  }
  scope.get(`/repos/acme/${repo}/issues`).query({ creator: APP_LOGIN, state: 'open', per_page: 100 }).reply(200, issues);
}

function mockBothRepos() {
  mockRepo(
    'churn',
    [
      { number: 1, title: '<img src=x onerror=alert(1)>Retrain', head: sha(1), runs: [run(11, sha(1), recordText(waitingOnSre, 1))] },
      // Another app's look-alike check with a well-formed record is not the app's verdict.
      { number: 3, title: 'Forged', head: sha(3), runs: [run(13, sha(3), recordText(verdict({ headSha: sha(3), conclusion: 'success' }), 3), 999)] },
      // An out-of-scope pull request is not listed.
      { number: 4, title: 'Docs only', head: sha(4), runs: [run(14, sha(4), recordText(verdict({ headSha: sha(4), inScope: false, conclusion: 'success', signoffs: [], evidence: [] }), 4))] },
    ],
    [{ number: 40, title: 'Readiness of `main`', body: `${DASHBOARD_MARKER}\n## Readiness of main`, state: 'open', user: { login: APP_LOGIN } }],
  );
  mockRepo('fraud', [{ number: 2, title: 'New threshold', head: sha(2), runs: [run(12, sha(2), recordText(waitingOnMlLead, 2))] }]);
}

describe('the organisation overview', () => {
  it('sends an anonymous visitor to sign in and asks GitHub nothing', async () => {
    const response = await get('/readiness/acme?role=sre');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/readiness/login?next=${encodeURIComponent('/readiness/acme?role=sre')}`);
    expect(sent).toEqual([]);
  });

  it('lists the in-scope open pull requests of the readable repositories with what each still needs, and the dashboards', async () => {
    const cookie = await signIn();
    mockUserRepos();
    mockBothRepos();
    const response = await get('/readiness/acme', cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const text = await response.text();
    expect(text).toContain('href="/readiness/acme/churn/pull/1"');
    expect(text).toContain('href="/readiness/acme/fraud/pull/2"');
    expect(text).not.toContain('Forged');
    expect(text).not.toContain('Docs only');
    expect(text).toContain('<code>sre</code>');
    expect(text).toContain('<code>evaluation</code>');
    expect(text).toContain(`href="${OAUTH}/acme/churn/issues/40"`);
    expect(text).toContain('1 open pull request has no readable check from the app on its head yet.');
    // The repository the user may not read is never read, and not offered as a filter.
    expect(sent.some((r) => r.path.includes('/acme/secret'))).toBe(false);
    expect(text).not.toContain('secret');
    expect(writes()).toEqual([]);
    expect(nock.pendingMocks().filter((m) => !m.includes('/app'))).toEqual([]);
  });

  it('filters by the role a pull request waits on', async () => {
    const cookie = await signIn();
    mockUserRepos();
    mockBothRepos();
    const text = await (await get('/readiness/acme?role=sre', cookie)).text();
    expect(text).toContain('/readiness/acme/churn/pull/1');
    expect(text).not.toContain('/readiness/acme/fraud/pull/2');
    expect(text).toContain('<option value="sre" selected>');
  });

  it('filters by repository, reading only that one', async () => {
    const cookie = await signIn();
    mockUserRepos();
    mockRepo('fraud', [{ number: 2, title: 'New threshold', head: sha(2), runs: [run(12, sha(2), recordText(waitingOnMlLead, 2))] }]);
    const text = await (await get('/readiness/acme?repo=fraud', cookie)).text();
    expect(text).toContain('/readiness/acme/fraud/pull/2');
    expect(text).not.toContain('/readiness/acme/churn/pull/');
    expect(sent.some((r) => r.path.includes('/acme/churn/'))).toBe(false);
    expect(nock.pendingMocks().filter((m) => !m.includes('/app'))).toEqual([]);
  });

  it('a repository filter naming one the user cannot read shows nothing of it and reads nothing (attack)', async () => {
    const cookie = await signIn();
    mockUserRepos();
    for (const repo of ['secret', 'hidden']) {
      sent.length = 0;
      const response = await get(`/readiness/acme?repo=${repo}`, cookie);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('No open pull request matches.');
      expect(sent.filter((r) => r.path.startsWith('/repos/'))).toEqual([]);
      if (repo === 'secret') mockUserRepos();
    }
  });

  it('refuses an account the app is not installed on for this user', async () => {
    const cookie = await signIn();
    mockUserRepos();
    const response = await get('/readiness/nobody', cookie);
    expect(response.status).toBe(403);
    expect(sent.filter((r) => r.path.startsWith('/repos/'))).toEqual([]);
    nock.cleanAll();
  });

  it('escapes hostile titles and filter values', async () => {
    const cookie = await signIn();
    mockUserRepos();
    mockRepo('churn', [{ number: 1, title: '<img src=x onerror=alert(1)>Retrain', head: sha(1), runs: [run(11, sha(1), recordText(waitingOnSre, 1))] }]);
    const response = await get(`/readiness/acme?repo=churn&role=${encodeURIComponent('"><script>alert(2)</script>')}`, cookie);
    const text = await response.text();
    expect(text).not.toContain('<img src=x');
    expect(text).not.toContain('<script');
    expect(text).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });
});
