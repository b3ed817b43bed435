import { describe, expect, it } from '@jest/globals';
import { emptyPublicationState } from '../../src/publish/publication-state.js';
import { planReviewRequests } from '../../src/publish/review-requests.js';
import { signoff, verdict } from '../render/verdict-fixture.js';
import { reviewFacts as facts } from './review-request-fixtures.js';

describe('planReviewRequests', () => {
  it('asks the members of roles still missing a sign-off, in one request: not the author, a bot, someone who signed, or another organisation’s team', () => {
    const plan = planReviewRequests(facts());

    expect(plan.request).toEqual({ reviewers: ['alice'], team_reviewers: ['ml-leads', 'sre-oncall'] });
    expect(plan.state.reviewRequested).toEqual(['@alice', '@acme/ml-leads', '@acme/sre-oncall']);
  });

  it('asks each of them only once, even after the request was removed', () => {
    const first = planReviewRequests(facts());

    const second = planReviewRequests(facts({ state: first.state }));

    expect(second.request).toBeNull();
    expect(second.state).toBe(first.state);
  });

  it('does not ask again whoever is already requested, but remembers them', () => {
    const plan = planReviewRequests(facts({ alreadyRequested: { users: ['Alice'], teams: ['ml-leads'] } }));

    expect(plan.request).toEqual({ reviewers: [], team_reviewers: ['sre-oncall'] });
    expect(plan.state.reviewRequested).toEqual(['@alice', '@acme/ml-leads', '@acme/sre-oncall']);
  });

  it('asks nobody when every sign-off is met or does not apply', () => {
    const given = emptyPublicationState();
    const done = verdict({ signoffs: [signoff({ role: 'ml-lead', status: 'met' }), signoff({ role: 'privacy', status: 'not_applicable' })] });

    const plan = planReviewRequests(facts({ verdict: done, state: given }));

    expect(plan).toEqual({ request: null, state: given });
    expect(plan.state).toBe(given);
  });

  it('asks nobody for a pull request out of scope, whatever its sign-offs say', () => {
    const plan = planReviewRequests(facts({ verdict: { ...facts().verdict, inScope: false } }));

    expect(plan.request).toBeNull();
  });

  it('never asks the author, even when the contract names them in another case, while a colleague in the same role is asked', () => {
    const plan = planReviewRequests(facts({ author: 'DAVE' }));

    expect(plan.request?.reviewers).toEqual(['alice']);
    expect(plan.state.reviewRequested).not.toContain('@dave');
  });
});
