import { describe, expect, it } from '@jest/globals';
import { renderCheckRun, renderContractErrors } from '../../src/render/check-run.js';
import { GITHUB_TEXT_LIMIT, utf8Length } from '../../src/render/limits.js';
import { evidence, verdict } from './verdict-fixture.js';

const AUDIT = { contractPath: '.github/readiness.yml', contractSha: 'feedface00000000000000000000000000000000' };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A verdict whose checklist is far above GitHub's limit, with astral characters everywhere. */
function hugeVerdict() {
  const items = Array.from({ length: 400 }, (_, i) =>
    evidence({
      id: `item-${i}`,
      title: `Evidence ${i} 📄`,
      status: 'missing',
      file: `docs/doc-${i}.md`,
      problems: [{ message: `😀 ${'section "Limits" is only a placeholder 🚧 '.repeat(3)}`, file: `docs/doc-${i}.md`, line: i + 1 }],
    }),
  );
  return verdict({ evidence: items, areas: [{ name: 'evidence', status: 'gap', evidenceIds: items.map((item) => item.id) }] });
}

describe('renderCheckRun', () => {
  it("points the proposed contract's errors at the pull request's own contract file, before the evidence annotations", () => {
    const errors = [
      { path: 'signoffs[0].role', line: 7, column: 11, message: "'ml-leed' is not defined under roles" },
      { path: 'version', line: 1, column: 1, message: 'must be 1' },
    ];
    const base = verdict();
    const output = renderCheckRun(verdict({ notes: [{ kind: 'proposed-contract', errors }] }), AUDIT);
    const evidenceOnly = renderCheckRun(base, AUDIT).annotations;
    expect(output.annotations).toEqual([
      { path: '.github/readiness.yml', start_line: 1, end_line: 1, start_column: 1, end_column: 1, annotation_level: 'failure', message: 'version: must be 1', title: 'Contract error' },
      {
        path: '.github/readiness.yml',
        start_line: 7,
        end_line: 7,
        start_column: 11,
        end_column: 11,
        annotation_level: 'failure',
        message: "signoffs[0].role: 'ml-leed' is not defined under roles",
        title: 'Contract error',
      },
      ...evidenceOnly,
    ]);
    // Control: a valid proposed contract adds no annotation.
    expect(renderCheckRun(verdict({ notes: [{ kind: 'proposed-contract', errors: [] }] }), AUDIT).annotations).toEqual(evidenceOnly);
  });

  it('titles the run with the counts and passes the conclusion on', () => {
    const output = renderCheckRun(verdict(), AUDIT);
    expect(output.title).toBe('1 of 2 sign-offs · 1 of 3 evidence · 1 waived');
    expect(output.conclusion).toBe('failure');
    const counts = { signoffs: { met: 2, required: 2 }, evidence: { met: 5, required: 5 }, waived: 0, warnings: 2 };
    expect(renderCheckRun(verdict({ counts, conclusion: 'success' }), AUDIT).title).toBe('2 of 2 sign-offs · 5 of 5 evidence · 2 warnings');
  });

  it('reports an out-of-scope pull request as such', () => {
    const output = renderCheckRun(verdict({ inScope: false, conclusion: 'success' }), AUDIT);
    expect(output.title).toBe('No model or deployment paths changed');
    expect(output.conclusion).toBe('success');
  });

  // A conclusion outside success | failure | neutral cannot be built (verdicts come only from evaluate()).
  it('publishes the verdict\'s own conclusion', () => {
    for (const conclusion of ['success', 'failure', 'neutral'] as const) {
      expect(renderCheckRun(verdict({ conclusion }), AUDIT).conclusion).toBe(conclusion);
    }
  });

  it('annotates evidence problems that have a file and line: failures for gaps, warnings for waived items', () => {
    const { annotations } = renderCheckRun(verdict(), AUDIT);
    expect(annotations).toEqual([
      {
        path: 'ops/runbook.md',
        start_line: 1,
        end_line: 1,
        annotation_level: 'warning',
        message: 'section "Escalation" is missing',
        title: 'Runbook (runbook)',
      },
      {
        path: 'reports/eval.json',
        start_line: 3,
        end_line: 3,
        annotation_level: 'failure',
        message: 'metrics.auc is 0.74, needs ≥ 0.80',
        title: 'Evaluation on production-like data (evaluation)',
      },
    ]);
  });

  it('writes the audit record: contract blob, signers, stale sign-offs, evidence, waivers, time and head', () => {
    const { text } = renderCheckRun(verdict(), AUDIT);
    expect(text).toContain('- Contract: `.github/readiness.yml`, blob `feedface00000000000000000000000000000000`');
    expect(text).toContain('- Head commit: `0123456789abcdef0123456789abcdef01234567`');
    expect(text).toContain('- Evaluated at: `2025-03-02T00:00:00.000Z`');
    expect(text).toContain('counts: @alice at commit `0123456789abcdef0123456789abcdef01234567`, `2025-03-01T10:00:00Z`');
    expect(text).toContain('stale since `bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb`');
    expect(text).toContain('  - metrics.auc is 0.74, needs ≥ 0.80 (`reports/eval.json:3`)');
    expect(text).toContain('waived by @bob for 7 days, granted `2025-03-01T12:00:00Z`, expires `2025-03-08T12:00:00Z`');
    expect(text).toContain('Reason: escalation is being rewritten');
    expect(text).toContain('refused: mallory is not a member of sre');
  });

  it('cuts a checklist over 70,000 characters at a whole table row within the limit, without splitting a character', () => {
    const huge = hugeVerdict();
    const output = renderCheckRun(huge, AUDIT);
    for (const part of [output.summary, output.text]) {
      expect(part.length).toBeGreaterThan(10_000);
      expect(utf8Length(part)).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
      expect(LONE_SURROGATE.test(part)).toBe(false);
      expect(part).toMatch(/was cut here to fit GitHub's size limit/);
    }
    const rows = output.summary.split('\n').filter((line) => line.startsWith('|'));
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) expect(row.endsWith('|')).toBe(true);
    expect(output.summary).toMatch(/\| ❌ missing \| .*\|\n\n_The checklist was cut here/);
  });

  it('returns every annotation, beyond the 50 GitHub takes per request, sorted by file and line', () => {
    const { annotations } = renderCheckRun(hugeVerdict(), AUDIT);
    expect(annotations).toHaveLength(400);
    const keys = annotations.map((a) => `${a.path}\0${String(a.start_line).padStart(5, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('renderContractErrors', () => {
  const errors = [
    { path: 'roles.ml-lead[0]', line: 7, column: 14, message: 'a member is written @login or @org/team' },
    { path: 'evidence[1].owner', line: 3, column: 5, message: 'role "qa" is not defined in roles' },
  ];

  it('fails with one annotation per error on the contract file, at line and column', () => {
    const output = renderContractErrors(errors, '.github/readiness.yml');
    expect(output.conclusion).toBe('failure');
    expect(output.title).toBe('2 contract errors');
    expect(output.annotations).toEqual([
      {
        path: '.github/readiness.yml',
        start_line: 3,
        end_line: 3,
        start_column: 5,
        end_column: 5,
        annotation_level: 'failure',
        message: 'evidence[1].owner: role "qa" is not defined in roles',
        title: 'Contract error',
      },
      {
        path: '.github/readiness.yml',
        start_line: 7,
        end_line: 7,
        start_column: 14,
        end_column: 14,
        annotation_level: 'failure',
        message: 'roles.ml-lead[0]: a member is written @login or @org/team',
        title: 'Contract error',
      },
    ]);
    expect(output.summary).toContain('- line 7, column 14, at `roles.ml-lead[0]`: a member is written @\u200blogin or @\u200borg/team');
  });

  it('titles an empty error list as unreadable', () => {
    expect(renderContractErrors([], 'c.yml').title).toBe('Contract error: the contract could not be read');
  });

  it('titles a single error with its message', () => {
    const [first] = errors;
    expect(renderContractErrors(first ? [first] : [], '.github/readiness.yml').title).toBe(
      'Contract error: a member is written @login or @org/team',
    );
  });

  it('places an error without a usable line on line 1, without columns', () => {
    const [annotation] = renderContractErrors([{ path: '', line: 0, column: 0, message: 'not YAML' }], 'c.yml').annotations;
    expect(annotation).toEqual({ path: 'c.yml', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'not YAML', title: 'Contract error' });
  });
});
