import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ensureReviewRequests } from '../../src/publish/review-requests.js';
import type { SimulatedPull } from '../../src/testing/simulated-github.js';
import { bodiesOf, calls, client, REPO, sent, simulatedRepository } from '../support/publish-github.js';
import { reviewFacts as input } from './review-request-fixtures.js';

const REQUEST = `POST ${REPO}/pulls/2/requested_reviewers`;

let pull: SimulatedPull;

beforeEach(() => {
  nock.disableNetConnect();
  sent.length = 0;
  pull = simulatedRepository().pull(2);
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('ensureReviewRequests', () => {
  it('sends the planned request once and records everyone asked', async () => {
    const state = await ensureReviewRequests(client(), input());

    expect(calls()).toEqual([REQUEST]);
    expect(bodiesOf('POST', `${REPO}/pulls/2/requested_reviewers`)).toEqual([{ reviewers: ['alice'], team_reviewers: ['ml-leads', 'sre-oncall'] }]);
    expect(state.reviewRequested).toEqual(['@alice', '@acme/ml-leads', '@acme/sre-oncall']);
  });

  it('asks each of them only once, even after the request was removed: no request at all', async () => {
    const first = await ensureReviewRequests(client(), input());
    sent.length = 0;

    const second = await ensureReviewRequests(client(), input({ state: first }));

    expect(calls()).toEqual([]);
    expect(second).toBe(first);
  });

  it('tolerates GitHub refusing the request and counts everyone as asked', async () => {
    pull.reviewRequestStatus = 422;

    const state = await ensureReviewRequests(client(), input());

    expect(calls()).toEqual([REQUEST]);
    expect(state.reviewRequested).toEqual(['@alice', '@acme/ml-leads', '@acme/sre-oncall']);
  });

  it('lets any other failure through', async () => {
    pull.reviewRequestStatus = 500;

    await expect(ensureReviewRequests(client(), input())).rejects.toMatchObject({ status: 500 });
  });
});
