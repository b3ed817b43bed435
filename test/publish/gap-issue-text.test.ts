import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractSchema, type EvidenceRequirement } from '../../src/contract/schema.js';
import { gapIssueTitle, renderGapClosed, renderGapIssue, renderGapReopened, type GapIssueContent } from '../../src/render/gap-issue.js';
import { utf8Length } from '../../src/render/limits.js';
import { evidence } from '../render/verdict-fixture.js';

const KEY = '<!-- readiness-gate:gap acme/models#2 evaluation -->';

function requirement(item: Record<string, unknown>): EvidenceRequirement {
  const contract = contractSchema.parse({
    version: 1,
    scope: { paths: ['models/**'] },
    roles: { 'ml-lead': ['@alice'] },
    evidence: [{ id: 'evaluation', title: 'Evaluation', owner: 'ml-lead', ...item }],
  });
  const [parsed] = contract.evidence;
  if (!parsed) throw new Error('no evidence parsed');
  return parsed;
}

function content(overrides: Partial<GapIssueContent> = {}): GapIssueContent {
  return {
    evidence: evidence({
      id: 'evaluation',
      title: 'Evaluation on production-like data',
      status: 'missing',
      problems: [{ message: 'metrics.auc is 0.74, needs ≥ 0.80', file: 'reports/eval.json', line: 3 }],
    }),
    requirement: requirement({ file: 'reports/eval.json', fields: [{ path: 'metrics.auc', min: 0.8 }] }),
    waivers: { approvers: ['ml-lead', 'sre'], max_days: 30 },
    subject: { kind: 'pull', number: 2 },
    ownerRole: 'ml-lead',
    ownerMembers: ['@alice', '@acme/ml-leads'],
    mentioned: ['@carol', '@acme/ml-leads'],
    hiddenKey: KEY,
    ...overrides,
  };
}

const fixOf = (body: string) => body.slice(body.indexOf('### How to fix it'));

describe('renderGapIssue', () => {
  it('names the item and the pull request, says what is missing against the threshold, how to fix it, and ends with the key', () => {
    const { title, body } = renderGapIssue(content(), {});

    expect(title).toBe('Readiness gap: Evaluation on production-like data (PR #2)');
    expect(body.startsWith('Pull request #2 is missing readiness evidence: **Evaluation on production-like data** (`evaluation`).')).toBe(true);
    expect(body).toContain('Owned by the `ml-lead` role: `@alice`, `@acme/ml-leads`.\n\ncc @carol @acme/ml-leads');
    expect(body).toContain('### What is missing\n\n- metrics.auc is 0.74, needs ≥ 0.80 (`reports/eval.json:3`)\n');
    expect(fixOf(body)).toContain('- Make these fields of `reports/eval.json` hold on the pull request’s branch:\n  - `metrics.auc` ≥ 0.8\n');
    expect(body).toContain('a member of `ml-lead` or `sre` who is not the pull request’s author can waive it on #2 for at most 30 days: `/waive evaluation <days>d <reason>`');
    expect(body.endsWith(`\n\n${KEY}\n`)).toBe(true);
  });

  it('makes text quoted from the pull request inert: no mentions, no HTML, no hidden markers', () => {
    const hostile = evidence({
      id: 'evaluation',
      status: 'missing',
      problems: [{ message: 'owner is @mallory <!-- readiness-gate:gap acme/models#2 other --> <img src=x>' }],
    });

    const { body } = renderGapIssue(content({ evidence: hostile }), {});

    expect(body).toContain('owner is @\u200bmallory &lt;!-- readiness-gate:gap');
    expect(body).not.toContain('<img');
    expect(body.match(/<!--/g)).toHaveLength(1);
  });

  it('explains each kind of evidence in its own words', () => {
    const fix = fixOf(
      renderGapIssue(
        content({
          requirement: requirement({
            file: 'docs/model-card.md',
            sections: ['Intended use', 'Limitations'],
            checks: ['model-eval'],
            changed_with: ['models/**'],
            max_age_days: 90,
          }),
        }),
        {},
      ).body,
    );

    expect(fix).toContain('Fill in these sections of `docs/model-card.md` on the pull request’s branch with real content');
    expect(fix).toContain('`Intended use`, `Limitations`');
    expect(fix).toContain('Make these checks succeed on the pull request’s head commit (re-run them if they failed for an unrelated reason): `model-eval`.');
    expect(fix).toContain('Update `docs/model-card.md` in this pull request: it must change whenever files matching `models/**` change.');
    expect(fix).toContain('its last change must be at most 90 days old');
    expect(fix).toContain('comment `/readiness` on it to check again now');
    expect(fix).not.toContain('Add or update');

    expect(fixOf(renderGapIssue(content({ requirement: requirement({ file: 'ops/runbook.md' }) }), {}).body)).toContain(
      '- Add or update `ops/runbook.md` on the pull request’s branch.',
    );
  });

  it('describes every field constraint', () => {
    const fields = [
      { path: 'a', exists: true },
      { path: 'b', exists: false },
      { path: 'c', max: 500 },
      { path: 'd', equals: 'prod' },
      { path: 'e', pattern: '^@' },
      { path: 'f', one_of: ['x', 1, null] },
      { path: 'g', digest_of: 'models/churn.onnx' },
    ];

    const fix = fixOf(renderGapIssue(content({ requirement: requirement({ file: 'x.yml', fields }) }), {}).body);

    expect(fix).toContain(
      ['  - `a` is present', '  - `b` is absent', '  - `c` ≤ 500', '  - `d` equals `"prod"`', '  - `e` matches `^@`', '  - `f` is one of `"x"`, `1`, `null`', '  - `g` is the SHA-256 of `models/churn.onnx` as committed (for a Git LFS pointer, its oid)'].join('\n'),
    );
  });

  it('leaves out the waiver hint when the contract has no approvers, and the cc line when nobody is mentioned', () => {
    const { body } = renderGapIssue(content({ waivers: undefined, mentioned: [] }), {});

    expect(body).not.toContain('/waive');
    expect(body).not.toContain('cc ');
    expect(body).not.toMatch(/\n{3,}/);
  });

  it('still says something useful when the item has no problems listed and the contract no longer has it', () => {
    const { body } = renderGapIssue(content({ evidence: evidence({ id: 'evaluation', status: 'missing', problems: [] }), requirement: undefined }), {});

    expect(body).toContain('- The evidence does not meet the contract yet.');
    expect(body).toContain('- Update the evidence on the pull request’s branch');
  });

  it('keeps the hidden key even when an overriding template leaves the placeholders out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gap-template-'));
    try {
      writeFileSync(join(dir, 'gap-issue.md'), 'Custom: {{title}} on {{pull}}.\n');
      const { body } = renderGapIssue(content(), { READINESS_TEMPLATES_DIR: dir });
      expect(body).toBe(`Custom: Evaluation on production-like data on #2.\n\n${KEY}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stays within GitHub’s body limit however many problems there are, and keeps the key', () => {
    const problems = Array.from({ length: 3000 }, (_, i) => ({ message: `field_${i} is ${'x'.repeat(40)}, needs ≥ 1` }));

    const { body } = renderGapIssue(content({ evidence: evidence({ id: 'evaluation', status: 'missing', problems }) }), {});

    expect(utf8Length(body)).toBeLessThanOrEqual(65_535);
    expect(body).toContain('was cut to fit GitHub’s limit');
    expect(body.endsWith(`${KEY}\n`)).toBe(true);
  });

  it('cuts a long title to GitHub’s 256 characters but keeps the pull request number', () => {
    const title = gapIssueTitle(evidence({ title: `Very\nlong ${'t'.repeat(400)}` }), { kind: 'pull', number: 12345 });

    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.startsWith('Readiness gap: Very long ttt')).toBe(true);
    expect(title.endsWith('… (PR #12345)')).toBe(true);
  });
});

describe('closing and re-opening comments', () => {
  it.each([
    [{ kind: 'met', headSha: 'abcdef1234567' }, 'The gap is closed: the evidence is met on #2 at commit `abcdef1`.'],
    [{ kind: 'waived', expiresAt: '2025-03-08T12:00:00Z', reason: 'being *rewritten*' }, 'The gap is waived on #2 until 2025-03-08: being \\*rewritten\\*.'],
    [{ kind: 'waived', expiresAt: undefined, reason: undefined }, 'The gap is waived on #2. This issue'],
    [{ kind: 'not-enforced', enforceFrom: '2027-01-15' }, 'This item is only a warning on #2 until it is enforced from 2027-01-15.'],
    [{ kind: 'merged' }, '#2 was merged.'],
    [{ kind: 'closed' }, '#2 was closed without being merged.'],
  ] as const)('%j', (closure, expected) => {
    expect(renderGapClosed(closure, { kind: 'pull', number: 2 })).toContain(expected);
  });

  it('lists the problems again when a gap comes back', () => {
    const item = evidence({ status: 'missing', problems: [{ message: 'section "Limitations" is empty', file: 'docs/model-card.md', line: 7 }] });

    expect(renderGapReopened(item, { kind: 'pull', number: 2 }, 'aaaaaaaaaaaa')).toBe(
      'The gap is back on #2 at commit `aaaaaaa`:\n\n- section "Limitations" is empty (`docs/model-card.md:7`)',
    );
  });
});
