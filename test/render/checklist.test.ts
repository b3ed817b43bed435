import { describe, expect, it } from '@jest/globals';
import { renderChecklist } from '../../src/render/checklist.js';
import { evidence, verdict } from './verdict-fixture.js';

/** The rows of the first table after `heading`, split into cells on unescaped pipes. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line === heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
    else if (rows.length > 0) break;
  }
  return rows;
}

describe('renderChecklist', () => {
  const markdown = renderChecklist(verdict());

  it('heads with the overall status and the counts at the head commit', () => {
    expect(markdown.startsWith('## Production readiness: ❌ not ready\n')).toBe(true);
    expect(markdown).toContain('**1 of 2 sign-offs · 1 of 3 evidence · 1 waived** at commit `0123456`.');
  });

  it('shows a sign-off table with who may sign, who signed at which commit, and what made a sign-off stale', () => {
    const rows = tableAfter(markdown, '### Sign-offs');
    expect(rows[0]).toEqual(['Role', 'Who may sign', 'Status', 'Signed by', 'Notes']);
    expect(rows[2]).toEqual(['`ml-lead`', '`@alice`, `@acme/ml-leads`', '✅ met', '@alice at `0123456`', '—']);
    expect(rows[3]).toEqual([
      '`sre`<br><sub>paths: serving/\\*\\*</sub>',
      '`@bob`',
      '❌ stale',
      '~~@bob at `aaaaaaa`~~ stale since `bbbbbbb`',
      'changes requested by @carol (2025-03-01)<br>needs 1 more sign-off',
    ]);
    expect(rows).toHaveLength(4);
  });

  it('groups evidence by area and escapes problems for table cells', () => {
    const rows = tableAfter(markdown, '#### evidence: ❌ gap');
    expect(rows[0]).toEqual(['Item', 'Owner', 'Status', 'What is missing']);
    expect(rows[3]).toEqual([
      'Evaluation on production-like data (`evaluation`)',
      '`ml-lead`',
      '❌ missing',
      'metrics.auc is 0.74, needs ≥ 0.80 (`reports/eval.json:3`)<br>dataset.source \\| is missing<br>see docs',
    ]);
    const operations = tableAfter(markdown, '#### operations: ➖ waived');
    expect(operations[2]?.[2]).toBe('➖ waived until 2025-03-08');
  });

  it('links gap issues when it is given their URLs', () => {
    const linked = renderChecklist(verdict(), { issueLinks: { evaluation: 'https://github.com/o/r/issues/42' } });
    const rows = tableAfter(linked, '#### evidence: ❌ gap');
    expect(rows[0]?.[4]).toBe('Gap issue');
    expect(rows[3]?.[4]).toBe('[#42](https://github.com/o/r/issues/42)');
    expect(rows[2]?.[4]).toBe('—');
  });

  it('lists waivers with reason and expiry', () => {
    const rows = tableAfter(markdown, '### Waivers');
    expect(rows[2]).toEqual(['`runbook`', '@bob', 'escalation is being rewritten', '2025-03-01 12:00 UTC', '2025-03-08 12:00 UTC']);
  });

  it('collapses requirements that do not apply at the end, out of the main tables', () => {
    const details = markdown.slice(markdown.indexOf('<details>'));
    expect(details).toContain('<summary>2 requirements do not apply to this pull request</summary>');
    expect(details).toContain('- Sign-off `privacy` (when label: impact:high)');
    expect(details).toContain('- Evidence `rollback`: Tested rollback (when label: impact:high)');
    expect(markdown.indexOf('<details>')).toBeGreaterThan(markdown.indexOf('### Waivers'));
    expect(tableAfter(markdown, '#### operations: ➖ waived').map((row) => row[0])).not.toContain('Tested rollback (`rollback`)');
  });

  it('explains every command', () => {
    for (const command of ['/signoff <role> [note]', '/revoke <role>', '/waive <evidence-id> <days>d <reason>', '/readiness']) {
      expect(markdown).toContain(`\`${command}\``);
    }
  });

  it('shows notes, contract changes and advisory enforcement', () => {
    const text = renderChecklist(
      verdict({ notes: [{ kind: 'incomplete-file-list' }], contractChanged: true, enforcement: 'advisory', conclusion: 'neutral' }),
    );
    expect(text).toContain('## Production readiness: ⚠️ not ready (advisory: does not block merging)');
    expect(text).toContain('### Notes\n\n- GitHub listed only part of the changed files, so the pull request is treated as in scope');
    expect(text).toContain('changes the readiness contract itself');
    expect(text).toContain('The contract is advisory');
  });

  it('renders an out-of-scope verdict as a short text', () => {
    const text = renderChecklist(verdict({ inScope: false, conclusion: 'success' }));
    expect(text).toContain('No model or deployment paths changed');
    expect(text).not.toContain('|');
  });

  it('is deterministic and does not show the evaluation time', () => {
    const later = renderChecklist(verdict({ evaluatedAt: '2030-01-01T00:00:00Z' }));
    expect(later).toBe(markdown);
    expect(markdown).not.toContain('2025-03-02');
  });

  it('keeps text from evidence files from opening HTML or mentioning people', () => {
    const text = renderChecklist(
      verdict({ evidence: [evidence({ status: 'missing', title: '<img src=x> @everyone', problems: [{ message: '</details> ping @alice' }] })] }),
    );
    expect(text).not.toContain('<img');
    expect(text).not.toContain('</details> ping');
    expect(text).not.toMatch(/@everyone|@alice ping|ping @alice/);
  });

  it('says when nothing is needed', () => {
    const text = renderChecklist(verdict({ signoffs: [], evidence: [], areas: [] }));
    expect(text).toContain('No sign-offs are needed');
    expect(text).toContain('No evidence is needed');
  });

  it('links a gap issue only by a web address', () => {
    const linked = renderChecklist(verdict(), { issueLinks: { 'model-card': 'https://github.com/acme/models/issues/9', evaluation: 'javascript:alert(1)' } });
    expect(linked).toContain('[#9](https://github.com/acme/models/issues/9)');
    expect(linked).not.toContain('javascript:');
  });

  it('words each kind of note', () => {
    const text = renderChecklist(
      verdict({
        notes: [
          { kind: 'contract-problem', problem: "the glob 'a{' could not be compiled" },
          { kind: 'evaluation-failed', message: 'boom' },
          { kind: 'proposed-contract', errors: [{ path: 'roles', line: 3, column: 1, message: 'must be a mapping' }] },
          { kind: 'proposed-contract', errors: [] },
        ],
      }),
    );
    expect(text).toContain(
      [
        "- The contract could not be fully compiled, so the check fails: the glob 'a{' could not be compiled.",
        '- The evaluation failed, so the check fails: boom',
        '- The proposed .github/readiness.yml has an error to fix before merging:',
        '- .github/readiness.yml:3:1: roles: must be a mapping',
        '- The proposed .github/readiness.yml is valid; it applies once this pull request is merged.',
      ].join('\n'),
    );
  });
});
