import { describe, expect, it } from '@jest/globals';
import { recordOfVerdict } from '../../src/audit/from-verdict.js';
import { detailsPageModel, type PageInput } from '../../src/web/page-model.js';
import { detailsPageBody } from '../../src/web/details-page.js';
import { escapeHtml, html, safeHref } from '../../src/web/html.js';
import { page } from '../../src/web/layout.js';
import { evidence, HEAD, verdict } from '../render/verdict-fixture.js';

const repo = { owner: 'acme', repo: 'churn' };
const pull = { number: 7, title: 'Retrain churn model', author: 'dana', htmlUrl: 'https://github.com/acme/churn/pull/7', state: 'open' as const, merged: false, headSha: HEAD, base: 'main', defaultBranch: 'main' };
const contract = [{ source: 'acme/churn:.github/readiness.yml@main', sha: 'b10b5a' }];

function input(overrides: Partial<PageInput> = {}): PageInput {
  return { repo, pull, judgement: { kind: 'judged', verdict: verdict(), contract }, history: [], webBase: 'https://github.com', ...overrides };
}

describe('the details page model', () => {
  it('links evidence problems to their file and line at the judged commit', () => {
    const view = detailsPageModel(input());
    const evaluation = view.evidence.find((e) => e.id === 'evaluation');
    expect(evaluation?.problems[0]).toEqual({
      message: 'metrics.auc is 0.74, needs ≥ 0.80',
      location: { text: 'reports/eval.json:3', url: `https://github.com/acme/churn/blob/${HEAD}/reports/eval.json#L3` },
    });
    // A problem without a line links the file alone.
    expect(evaluation?.problems[1]?.location?.url).toBe(`https://github.com/acme/churn/blob/${HEAD}/reports/eval.json`);
    expect(evaluation?.tone).toBe('bad');
  });

  it('encodes file names in links, so a hostile path cannot leave the blob URL', () => {
    const hostile = verdict({ evidence: [evidence({ file: 'docs/a b#?/../x.md', problems: [] })] });
    const view = detailsPageModel(input({ judgement: { kind: 'judged', verdict: hostile, contract } }));
    expect(view.evidence[0]?.file?.url).toBe(`https://github.com/acme/churn/blob/${HEAD}/docs/a%20b%23%3F/../x.md`);
  });

  it('shows the sign-off history: who, at which commit, and since which commit it is stale', () => {
    const view = detailsPageModel(input());
    const sre = view.signoffs.find((s) => s.role === 'sre');
    expect(sre?.signers).toEqual([
      {
        login: 'bob',
        commit: { text: 'aaaaaaa', url: 'https://github.com/acme/churn/commit/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
        at: '2025-02-28T09:00:00Z',
        counts: false,
        why: { kind: 'stale', since: { text: 'bbbbbbb', url: 'https://github.com/acme/churn/commit/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' } },
      },
    ]);
    expect(sre?.blockedBy).toEqual({ login: 'carol', at: '2025-03-01T11:00:00Z' });
    expect(view.signoffs.find((s) => s.role === 'ml-lead')?.signers[0]?.counts).toBe(true);
  });

  it('lists waivers with reason, approver and expiry, and the contract with its blob SHA', () => {
    const view = detailsPageModel(input());
    expect(view.waivers).toEqual([
      { evidenceId: 'runbook', approver: 'bob', reason: 'escalation is being rewritten', days: 7, grantedAt: '2025-03-01T12:00:00Z', expiresAt: '2025-03-08T12:00:00Z', state: 'in force' },
    ]);
    expect(view.contract).toEqual(contract);
    expect(view.outcome).toMatchObject({ kind: 'judged', tone: 'bad', counts: '1 of 2 sign-offs · 1 of 3 evidence · 1 waived' });
  });

  it('shows one earlier evaluation per head commit (its latest), newest first, and marks the current head', () => {
    const older = 'c'.repeat(40);
    const entry = (id: number, head: string, at: string, conclusion: 'success' | 'failure') => ({
      repository: 'acme/churn',
      checkRun: { id, name: 'readiness', headSha: head, conclusion, completedAt: at, url: `https://github.com/acme/churn/runs/${id}` },
      record: { ...recordOfVerdict(verdict({ headSha: head, evaluatedAt: at }), { contractPath: '.github/readiness.yml', contractSha: 'b10b5a', pull: 7 }), conclusion },
    });
    // Given in any order; the head's re-evaluation at 03-03 replaces its 03-02 one.
    const history = [entry(3, HEAD, '2025-03-03T00:00:00Z', 'failure'), entry(1, older, '2025-03-01T00:00:00Z', 'success'), entry(2, HEAD, '2025-03-02T00:00:00Z', 'success')];
    const view = detailsPageModel(input({ history }));
    expect(view.history.map((h) => [h.commit.text, h.current, h.tone, h.evaluatedAt, h.checkUrl])).toEqual([
      [HEAD.slice(0, 7), true, 'bad', '2025-03-03T00:00:00Z', 'https://github.com/acme/churn/runs/3'],
      ['ccccccc', false, 'good', '2025-03-01T00:00:00Z', 'https://github.com/acme/churn/runs/1'],
    ]);
    expect(view.history[0]?.title).toBe('1 of 2 sign-offs · 1 of 3 evidence');
  });

  it('shows the check’s own refusal for a shared head, not a verdict', () => {
    const view = detailsPageModel(input({ judgement: { kind: 'shared-head', pulls: [9, 7], base: 'main', contract } }));
    expect(view.outcome).toEqual({
      kind: 'refused',
      conclusion: '❌ not ready',
      title: 'Readiness not judged: one commit, several pull requests',
      summary: expect.stringContaining('This commit is the head of #7 and #9 into `main`'),
    });
    expect(view.signoffs).toEqual([]);
    expect(view.evidence).toEqual([]);
  });

  it('a passing pull request has a good conclusion and no problems', () => {
    const passing = verdict({ conclusion: 'success', evidence: [evidence()], signoffs: [], counts: { signoffs: { met: 0, required: 0 }, evidence: { met: 1, required: 1 }, waived: 0, warnings: 0 } });
    const view = detailsPageModel(input({ judgement: { kind: 'judged', verdict: passing, contract } }));
    expect(view.outcome).toMatchObject({ kind: 'judged', conclusion: '✅ ready', tone: 'good' });
    expect(view.evidence.every((e) => e.problems.length === 0)).toBe(true);
  });

  it('contract errors link to their line in the base branch’s contract', () => {
    const view = detailsPageModel(input({ judgement: { kind: 'contract-errors', errors: [{ path: 'roles', line: 4, column: 3, message: 'unknown key' }], contract } }));
    expect(view.outcome).toEqual({
      kind: 'contract-errors',
      errors: [{ message: 'roles: unknown key', location: { text: '.github/readiness.yml:4:3', url: 'https://github.com/acme/churn/blob/main/.github/readiness.yml#L4' } }],
    });
  });
});

describe('the details page HTML', () => {
  const HOSTILE = '<script>alert(1)</script>"\'&';

  it('escapes every text people control: titles, logins, reasons, messages', () => {
    const hostileVerdict = verdict({
      evidence: [
        evidence({
          id: 'runbook',
          title: HOSTILE,
          status: 'waived',
          problems: [{ message: `<img src=x onerror=alert(1)>`, file: 'a.md', line: 1 }],
          waiver: { evidenceId: 'runbook', approver: '<b>bob</b>', reason: HOSTILE, days: 3, grantedAt: 'x', expiresAt: 'y', expired: false, entryKey: 'comment:1' },
        }),
      ],
    });
    const body = detailsPageBody(
      detailsPageModel(input({ pull: { ...pull, title: HOSTILE, author: '"><svg onload=alert(1)>', htmlUrl: 'javascript:alert(1)' }, judgement: { kind: 'judged', verdict: hostileVerdict, contract } })),
    ).text;
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<svg');
    expect(body).not.toContain('<b>bob');
    expect(body).not.toContain('javascript:');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(body).toContain('&lt;b&gt;bob&lt;/b&gt;');
  });

  it('is a page with a skip link, one h1, labelled sections and tables with header cells', () => {
    const text = page('Readiness', detailsPageBody(detailsPageModel(input())), { signedInAs: 'dana' });
    expect(text).toContain('<a class="skip" href="#main">Skip to content</a>');
    expect(text).toContain('<main id="main" tabindex="-1">');
    expect(text.match(/<h1>/g)).toHaveLength(1);
    expect(text).toContain('<h2 id="signoffs">Sign-offs</h2>');
    expect(text).toContain('<th scope="col">Role</th>');
    expect(text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(text).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it('the html tag escapes values but keeps its own fragments, and safeHref refuses other schemes', () => {
    expect(html`<p>${'<i>'}${html`<i>ok</i>`}${['<', html`&amp;`]}</p>`.text).toBe('<p>&lt;i&gt;<i>ok</i>&lt;&amp;</p>');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
    expect(safeHref('data:text/html,x')).toBe('#');
    expect(safeHref('//evil.example/')).toBe('#');
    expect(safeHref('/readiness/a')).toBe('/readiness/a');
    expect(safeHref('https://github.com/a')).toBe('https://github.com/a');
  });
});
