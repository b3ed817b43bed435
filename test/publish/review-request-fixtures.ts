/** A contract and verdict with every kind of role member, for the review-request plan and applier tests. */
import { contractSchema, type Contract } from '../../src/contract/schema.js';
import type { Verdict } from '../../src/evaluate/verdict.js';
import { emptyPublicationState } from '../../src/publish/publication-state.js';
import type { ReviewRequestFacts } from '../../src/publish/review-requests.js';
import { signoff, verdict } from '../render/verdict-fixture.js';

function contract(): Contract {
  const parsed = contractSchema.parse({
    version: 1,
    scope: { paths: ['models/**'] },
    roles: {
      'ml-lead': ['@alice', '@dave', '@acme/ml-leads', '@elsewhere/ml'],
      sre: ['@bob', '@Alice', '@acme/sre-oncall'],
      privacy: ['@carol'],
      ops: ['@olga'],
    },
  });
  parsed.roles.sre?.push('@deploy[bot]');
  return parsed;
}

/** ml-lead missing, sre stale (bob's sign-off went stale, erin still counts), privacy not applicable, ops met. */
function judged(): Verdict {
  return verdict({
    signoffs: [
      signoff({ role: 'ml-lead', status: 'missing' }),
      signoff({
        role: 'sre',
        required: 2,
        status: 'stale',
        signers: [{ login: 'bob', role: 'sre', commitSha: null, at: '2025-03-01T00:00:00Z', entryKey: 'comment:1' }],
      }),
      signoff({ role: 'privacy', status: 'not_applicable' }),
      signoff({ role: 'ops', status: 'met' }),
    ],
  });
}

/** Pull request #2 of acme/models by dave. */
export function reviewFacts(overrides: Partial<ReviewRequestFacts> = {}): ReviewRequestFacts {
  return {
    repo: { owner: 'acme', repo: 'models' },
    pullNumber: 2,
    author: 'dave',
    verdict: judged(),
    contract: contract(),
    state: emptyPublicationState(),
    alreadyRequested: { users: [], teams: [] },
    ...overrides,
  };
}
