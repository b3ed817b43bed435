import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { contractNeeds } from '../../src/evaluate/fact-needs.js';
import { parseContract } from '../../src/contract/parse.js';
import type { Contract } from '../../src/contract/schema.js';
import { contractWith } from '../contract/contract-text.js';

function contractOf(text: string): Contract {
  const result = parseContract(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.contract;
}

describe('contractNeeds', () => {
  it('lists the facts the SPEC example needs, including evidence that applies only sometimes', () => {
    const spec = contractOf(readFileSync(new URL('../fixtures/contracts/spec-example.yml', import.meta.url), 'utf8'));
    expect(contractNeeds(spec)).toEqual({
      evidenceFiles: [
        { path: 'docs/model-card.md', lastChange: false },
        { path: 'ops/monitoring.yml', lastChange: false },
        { path: 'ops/runbook.md', lastChange: true },
        { path: 'reports/eval.json', lastChange: false },
      ],
      artifacts: [],
      templates: [],
      checks: ['model-eval'],
      teams: ['acme/ml-leads', 'acme/sre-oncall'],
    });
  });

  it('deduplicates and sorts, asking for the last change when any item with the file has max_age_days', () => {
    const contract = contractOf(
      contractWith(
        '  qa: ["@Acme/ML-Leads", "@carol", "@beta/Ops"]',
        'evidence:',
        '  - { id: a, title: A, owner: sre, file: z.md, checks: [lint, build] }',
        '  - { id: b, title: B, owner: sre, file: a.md, max_age_days: 30, checks: [build] }',
        '  - { id: c, title: C, owner: sre, file: z.md, max_age_days: 7 }',
        '  - { id: d, title: D, owner: sre, file: a.md }',
        '  - { id: e, title: E, owner: sre, checks: [Build] }',
      ),
    );
    expect(contractNeeds(contract)).toEqual({
      evidenceFiles: [
        { path: 'a.md', lastChange: true },
        { path: 'z.md', lastChange: true },
      ],
      artifacts: [],
      templates: [],
      checks: ['Build', 'build', 'lint'],
      teams: ['acme/ml-leads', 'beta/ops'],
    });
  });

  it('needs nothing for a contract with only sign-offs by users', () => {
    const contract = contractOf(['version: 1', 'scope: { paths: [a] }', 'roles: { sre: ["@bob"] }', 'signoffs: [{ role: sre }]'].join('\n'));
    expect(contractNeeds(contract)).toEqual({ evidenceFiles: [], artifacts: [], templates: [], checks: [], teams: [] });
  });

  it('lists each template once, sorted, apart from the evidence files (templates come from the base branch)', () => {
    const contract = contractOf(
      contractWith(
        'evidence:',
        '  - { id: a, title: A, owner: sre, file: cards/b.md, sections: [X], template: t/card.md }',
        '  - { id: b, title: B, owner: sre, file: cards/a.md, sections: [X], template: t/card.md }',
        '  - { id: c, title: C, owner: sre, file: sheet.md, sections: [Y], template: t/datasheet.md }',
      ),
    );
    expect(contractNeeds(contract)).toMatchObject({
      evidenceFiles: [
        { path: 'cards/a.md', lastChange: false },
        { path: 'cards/b.md', lastChange: false },
        { path: 'sheet.md', lastChange: false },
      ],
      templates: ['t/card.md', 't/datasheet.md'],
    });
  });
});
