/** The contract, verdicts and states the gap-issue plan and applier tests share. */
import { contractSchema, type Contract, type ContractInput } from '../../src/contract/schema.js';
import type { EvidenceResult, Verdict } from '../../src/evaluate/verdict.js';
import type { PullGapFacts } from '../../src/publish/gap-issue-plan.js';
import { emptyPublicationState, type PublicationState } from '../../src/publish/publication-state.js';
import { evidence, verdict } from '../render/verdict-fixture.js';

export function contract(overrides: Partial<ContractInput> = {}): Contract {
  return contractSchema.parse({
    version: 1,
    scope: { paths: ['models/**'] },
    roles: { 'ml-lead': ['@alice', '@carol', '@acme/ml-leads'], sre: ['@bob'] },
    signoffs: [{ role: 'ml-lead' }],
    evidence: [
      { id: 'model-card', title: 'Intended use and limits', owner: 'ml-lead', file: 'docs/model-card.md', sections: ['Intended use'] },
      {
        id: 'evaluation',
        title: 'Evaluation on production-like data',
        owner: 'ml-lead',
        file: 'reports/eval.json',
        fields: [{ path: 'metrics.auc', min: 0.8 }],
      },
      { id: 'runbook', title: 'Runbook', owner: 'sre', file: 'ops/runbook.md', sections: ['Escalation'] },
    ],
    waivers: { approvers: ['ml-lead'], max_days: 30 },
    ...overrides,
  });
}

export const cardMissing = evidence({ status: 'missing', problems: [{ message: 'docs/model-card.md does not exist' }] });
export const cardMet = evidence({ status: 'met' });

/** The fixture verdict (evaluation missing, runbook waived) with the model card as given. */
export function judged(card: EvidenceResult = cardMissing, changes: Partial<Verdict> = {}): Verdict {
  const base = verdict();
  return { ...base, evidence: [card, ...base.evidence.slice(1)], ...changes };
}

export function state(gapIssues: PublicationState['gapIssues']): PublicationState {
  return { gapIssues, reviewRequested: [], heads: [] };
}

export const repo = { owner: 'acme', repo: 'models' };

/** Pull request #2 of acme/models, open, with the fixture verdict and contract and no state yet. */
export function gapFacts(overrides: Partial<PullGapFacts> = {}): PullGapFacts {
  return {
    repo,
    pull: { number: 2, state: 'open', merged: false, author: 'dave' },
    verdict: judged(),
    contract: contract(),
    state: emptyPublicationState(),
    gapsExplicit: false,
    ...overrides,
  };
}
