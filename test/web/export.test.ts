/**
 * The audit export from the pages, GitHub simulated by nock: only for a
 * signed-in user GitHub lets read the repository, the date range, JSON Lines
 * and CSV from the same reader and formatters as the CLI, as a download.
 */
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { renderCheckRun } from '../../src/render/check-run.js';
import { API, APP_ID, sent, simulateGitHub } from '../support/github-app.js';
import { get, servePages, signIn, USER_TOKEN, writes } from '../support/web-pages.js';
import { evidence, verdict } from '../render/verdict-fixture.js';

simulateGitHub({ loopback: true });
servePages();

const REPO = '/repos/acme/churn';
const sha = (n: number) => n.toString(16).padStart(40, '0');

function mockReadAccess(pull: boolean) {
  nock(API).get(REPO).matchHeader('authorization', `Bearer ${USER_TOKEN}`).reply(200, { permissions: { pull } });
}

/** The history reader's requests: open and closed pull requests, the commits of #1, the app's runs on them. */
function mockHistory() {
  const list = { sort: 'updated', direction: 'desc', per_page: 100 };
  // A waiver reason with a comma, quotes and a line break, and an evidence title that a spreadsheet would run as a formula.
  const hostile = verdict({
    headSha: sha(1),
    evaluatedAt: '2026-11-20T10:00:00.000Z',
    evidence: [
      evidence({ title: '=HYPERLINK("https://evil.example","x")' }),
      evidence({
        id: 'runbook',
        status: 'waived',
        waiver: { evidenceId: 'runbook', approver: 'bob', reason: 'rewritten, says "bob"\nnext week', days: 7, grantedAt: '2026-11-20T09:00:00Z', expiresAt: '2026-11-27T09:00:00Z', expired: false, entryKey: 'comment:9' },
      }),
    ],
  });
  const run = (id: number, v: ReturnType<typeof verdict>, app = APP_ID) => ({
    id,
    name: 'readiness',
    head_sha: sha(1),
    status: 'completed',
    conclusion: v.conclusion,
    completed_at: v.evaluatedAt,
    app: { id: app },
    output: { text: renderCheckRun(v, { contractPath: '.github/readiness.yml', contractSha: 'c0ffee', pull: 1 }).text },
  });
  nock(API)
    .get(`${REPO}/pulls`).query({ ...list, state: 'open' }).reply(200, [{ number: 1, created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-21T00:00:00Z' }])
    .get(`${REPO}/pulls`).query({ ...list, state: 'closed' }).reply(200, [])
    .get(`${REPO}/pulls/1/commits`).query({ per_page: 100 }).reply(200, [{ sha: sha(1) }])
    .get(`${REPO}/commits/${sha(1)}/check-runs`)
    .query({ app_id: String(APP_ID), filter: 'all', per_page: 100 })
    .reply(200, {
      total_count: 3,
      check_runs: [
        run(11, hostile),
        // Outside the range: not exported.
        run(12, verdict({ headSha: sha(1), evaluatedAt: '2026-10-01T00:00:00.000Z' })),
        // Another app's look-alike: never exported.
        run(13, verdict({ headSha: sha(1), evaluatedAt: '2026-11-20T11:00:00.000Z', conclusion: 'success' }), 999),
      ],
    });
}

describe('the audit export from the pages', () => {
  it('refuses a user GitHub does not let read the repository, and reads none of its history', async () => {
    const cookie = await signIn();
    mockReadAccess(false);
    const response = await get('/readiness/acme/churn/audit.jsonl?since=2026-11-01', cookie);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(sent.filter((r) => r.path.startsWith(`${REPO}/`))).toEqual([]);
  });

  it('sends an anonymous visitor to sign in', async () => {
    const response = await get('/readiness/acme/churn/audit.csv?since=2026-11-01');
    expect(response.status).toBe(302);
    expect(sent).toEqual([]);
  });

  it('refuses a missing or impossible date range with a clear message, before reading anything', async () => {
    const cookie = await signIn();
    for (const query of ['', '?since=2026-02-30', '?since=2026-11-02&until=2026-11-01', '?since=yesterday']) {
      const response = await get(`/readiness/acme/churn/audit.csv${query}`, cookie);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('YYYY-MM-DD');
    }
    expect(sent.filter((r) => r.path.startsWith('/repos/'))).toEqual([]);
  });

  it('exports JSON Lines: one evaluation of the app per line in the range, as an attachment', async () => {
    const cookie = await signIn();
    mockReadAccess(true);
    mockHistory();
    const response = await get('/readiness/acme/churn/audit.jsonl?since=2026-11-01&until=2026-11-30', cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="acme-churn-audit-2026-11-01-2026-11-30.jsonl"');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const lines = (await response.text()).split('\n');
    expect(lines.at(-1)).toBe('');
    const records = lines.slice(0, -1).map((line) => JSON.parse(line) as Record<string, any>);
    expect(records.map((r) => [r.repository, r.checkRun.id, r.pull, r.headSha, r.evaluatedAt])).toEqual([['acme/churn', 11, 1, sha(1), '2026-11-20T10:00:00.000Z']]);
    expect(records[0]?.waivers[0].reason).toBe('rewritten, says "bob"\nnext week');
    expect(writes()).toEqual([]);
    expect(nock.pendingMocks().filter((m) => !m.includes('/app'))).toEqual([]);
  });

  it('exports CSV with its quoting and formula neutralising intact', async () => {
    const cookie = await signIn();
    mockReadAccess(true);
    mockHistory();
    const response = await get('/readiness/acme/churn/audit.csv?since=2026-11-20&until=2026-11-20', cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="acme-churn-audit-2026-11-20-2026-11-20.csv"');
    const text = await response.text();
    expect(text.startsWith('repository,pull,head_sha,check_run_id,evaluated_at,conclusion,contract,row,name,status,who,commit,at,detail\r\n')).toBe(true);
    expect(text).toContain(`,"'=HYPERLINK(""https://evil.example"",""x""); file docs/model-card.md"`);
    expect(text).toContain('reason: rewritten, says ""bob""\nnext week"\r\n');
    // Only the app's evaluation in the range: every row names check run 11.
    const rows = text.split('\r\n').filter((row) => row.startsWith('acme/churn,'));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((row) => row.split(',')[3] === '11')).toBe(true);
  });
});
