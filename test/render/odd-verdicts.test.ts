import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Verdict } from '../../src/evaluate/verdict.js';
import { renderCheckRun, renderContractErrors } from '../../src/render/check-run.js';
import { renderChecklist } from '../../src/render/checklist.js';
import { GITHUB_TEXT_LIMIT, utf8Length } from '../../src/render/limits.js';

const AUDIT = { contractPath: '.github/readiness.yml', contractSha: null };
const value = fc.anything({ maxDepth: 2 });
const entry = fc.oneof(
  value,
  fc.record(
    {
      id: value,
      role: value,
      title: value,
      status: fc.oneof(fc.constantFrom('met', 'missing', 'stale', 'waived', 'warning', 'not_applicable'), value),
      problems: fc.oneof(fc.array(fc.record({ message: value, file: value, line: value }, { requiredKeys: [] })), value),
      signers: fc.oneof(fc.array(fc.record({ login: value, commitSha: value, at: value }, { requiredKeys: [] })), value),
      waiver: value,
      blockedBy: value,
      eligible: value,
    },
    { requiredKeys: [] },
  ),
);
const oddVerdict = fc.record(
  {
    inScope: value,
    conclusion: fc.oneof(fc.constantFrom('success', 'failure', 'neutral'), value),
    counts: value,
    signoffs: fc.oneof(fc.array(entry), value),
    evidence: fc.oneof(fc.array(entry), value),
    areas: fc.oneof(fc.array(entry), value),
    commands: fc.oneof(fc.array(entry), value),
    notes: value,
    headSha: value,
  },
  { requiredKeys: [] },
);

describe('rendering odd verdicts', () => {
  it('never throws, never passes an unknown conclusion, and stays within the limit', () => {
    fc.assert(
      fc.property(oddVerdict, (verdict) => {
        const odd = verdict as unknown as Verdict;
        const output = renderCheckRun(odd, AUDIT);
        expect(['success', 'failure', 'neutral']).toContain(output.conclusion);
        const given = (verdict as { conclusion?: unknown }).conclusion;
        if (given !== 'success' && given !== 'neutral') {
          expect(output.conclusion).toBe('failure');
        }
        expect(utf8Length(output.summary)).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
        expect(typeof renderChecklist(odd, { issueLinks: { x: 'javascript:alert(1)' } })).toBe('string');
      }),
    );
  });

  it('renders a verdict that is not an object at all', () => {
    expect(renderCheckRun(null as unknown as Verdict, AUDIT).conclusion).toBe('failure');
    expect(renderChecklist(undefined as unknown as Verdict)).toContain('## Production readiness:');
    expect(renderContractErrors(null as unknown as [], 'c.yml').title).toBe('Contract error: the contract could not be read');
  });
});

describe('rendering a verdict whose notes are not text', () => {
  it('does not throw on a note whose toString is not a function (found by the property above, seed -1703490772)', () => {
    const odd = { notes: [{ toString: 0 }] } as unknown as Verdict;
    expect(() => renderCheckRun(odd, AUDIT)).not.toThrow();
  });
});
