import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { contractSchema, type Contract } from '../../src/contract/schema.js';
import type { Verdict } from '../../src/evaluate/verdict.js';
import { emptyPublicationState } from '../../src/publish/publication-state.js';
import { ensureReviewRequests, type ReviewRequestFacts } from '../../src/publish/review-requests.js';
import { signoff, verdict } from '../render/verdict-fixture.js';
import { bodiesOf, calls, client, FakeRepository, OWNER, REPO, REPO_NAME, sent } from '../support/fake-issues.js';

const REQUEST = `POST ${REPO}/pulls/2/requested_reviewers`;

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

let github: FakeRepository;

function input(overrides: Partial<ReviewRequestFacts> = {}): ReviewRequestFacts {
  return {
    repo: { owner: OWNER, repo: REPO_NAME },
    pullNumber: 2,
    author: 'dave',
    verdict: judged(),
    contract: contract(),
    state: emptyPublicationState(),
    alreadyRequested: { users: [], teams: [] },
    ...overrides,
  };
}

beforeEach(() => {
  nock.disableNetConnect();
  sent.length = 0;
  github = new FakeRepository();
  github.install();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('ensureReviewRequests', () => {
  it('asks the members of roles still missing a sign-off, in one request: not the author, a bot, someone who signed, or another organisation’s team', async () => {
    const state = await ensureReviewRequests(client(), input());

    expect(calls()).toEqual([REQUEST]);
    expect(bodiesOf('POST', `${REPO}/pulls/2/requested_reviewers`)).toEqual([{ reviewers: ['alice'], team_reviewers: ['ml-leads', 'sre-oncall'] }]);
    expect(state.reviewRequested).toEqual(['@alice', '@acme/ml-leads', '@acme/sre-oncall']);
  });

  it('asks each of them only once, even after the request was removed', async () => {
    const first = await ensureReviewRequests(client(), input());
    sent.length = 0;

    const second = await ensureReviewRequests(client(), input({ state: first }));

    expect(calls()).toEqual([]);
    expect(second).toBe(first);
  });

  it('does not ask again whoever is already requested, but remembers them', async () => {
    const state = await ensureReviewRequests(client(), input({ alreadyRequested: { users: ['Alice'], teams: ['ml-leads'] } }));

    expect(bodiesOf('POST', `${REPO}/pulls/2/requested_reviewers`)).toEqual([{ reviewers: [], team_reviewers: ['sre-oncall'] }]);
    expect(state.reviewRequested).toEqual(['@alice', '@acme/ml-leads', '@acme/sre-oncall']);
  });

  it('tolerates GitHub refusing the request and counts everyone as asked', async () => {
    github.reviewRequestStatus = 422;

    const state = await ensureReviewRequests(client(), input());

    expect(calls()).toEqual([REQUEST]);
    expect(state.reviewRequested).toEqual(['@alice', '@acme/ml-leads', '@acme/sre-oncall']);
  });

  it('lets any other failure through', async () => {
    github.reviewRequestStatus = 500;

    await expect(ensureReviewRequests(client(), input())).rejects.toMatchObject({ status: 500 });
  });

  it('sends nothing when every sign-off is met or does not apply', async () => {
    const given = emptyPublicationState();
    const done = verdict({ signoffs: [signoff({ role: 'ml-lead', status: 'met' }), signoff({ role: 'privacy', status: 'not_applicable' })] });

    const state = await ensureReviewRequests(client(), input({ verdict: done, state: given }));

    expect(calls()).toEqual([]);
    expect(state).toBe(given);
  });
});
