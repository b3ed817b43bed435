/**
 * The request cache on the app's real path: the production client class with
 * a cache, a delivery and its redelivery, and the exact requests of each.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { createGitHubClientClass } from '../../src/app/github-client.js';
import { RequestCache } from '../../src/cache/request-cache.js';
import { API, contentResponse, createApp, deliver, simulateGitHub } from '../support/github-app.js';
import { calls, compareCall, CONTRACT, HEAD, mockCompare, openedPayload, REPO, unusedMocks } from '../support/pull-fixtures.js';
import { recordingFetch } from '../support/recording-fetch.js';

let probot: Probot;

simulateGitHub();

beforeEach(() => {
  probot = createApp(undefined, createGitHubClientClass({ cache: new RequestCache(), retries: 0, retryAfterBaseValue: 1, fetch: recordingFetch }));
});

describe('a redelivery with the request cache', () => {
  it('of an out-of-scope pull request asks for the contract conditionally, not for the files at the same SHAs, and posts the check again', async () => {
    const contract = `${REPO}/contents/.github%2Freadiness.yml`;
    nock(API).get(contract).query({ ref: 'master' }).reply(200, contentResponse('.github/readiness.yml', CONTRACT, 'b10b5a'), { etag: 'W/"contract-1"' });
    nock(API).get(contract).query({ ref: 'master' }).matchHeader('if-none-match', 'W/"contract-1"').reply(304, '');
    // Answered once: the compare between the payload's two SHAs cannot change.
    mockCompare(HEAD, [{ filename: 'README.md' }]);
    const checks: unknown[] = [];
    nock(API)
      .post(`${REPO}/check-runs`, (body) => checks.push(body) > 0)
      .times(2)
      .reply(201, { id: 7 });

    await deliver(probot, 'pull_request', openedPayload(), 'delivery-1');
    await deliver(probot, 'pull_request', openedPayload(), 'delivery-1-redelivered');

    expect(calls()).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      compareCall(HEAD),
      `POST ${REPO}/check-runs`,
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      `POST ${REPO}/check-runs`,
    ]);
    expect(checks).toHaveLength(2);
    expect(checks[1]).toMatchObject({ conclusion: 'success', head_sha: HEAD });
    expect(unusedMocks()).toEqual([]);
  });

  it('sees a contract changed on the base branch: a new ETag brings the new contract', async () => {
    const contract = `${REPO}/contents/.github%2Freadiness.yml`;
    nock(API).get(contract).query({ ref: 'master' }).reply(200, contentResponse('.github/readiness.yml', CONTRACT, 'b10b5a'), { etag: 'W/"contract-1"' });
    // The base branch now judges tools/ too: the redelivery must not reuse the old contract.
    const wider = CONTRACT.replace('paths: ["models/**", "serving/**"]', 'paths: ["models/**", "serving/**", "tools/**"]');
    expect(wider).not.toBe(CONTRACT);
    nock(API).get(contract).query({ ref: 'master' }).matchHeader('if-none-match', 'W/"contract-1"').reply(200, contentResponse('.github/readiness.yml', wider, 'b10b5b'), { etag: 'W/"contract-2"' });
    mockCompare(HEAD, [{ filename: 'tools/export.py' }]);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });
    // The failure the second evaluation reports ("could not be evaluated").
    nock(API).post(`${REPO}/check-runs`).optionally().reply(201, { id: 8 });
    // In scope now: the evaluation goes on to the pull request as it is (answered 404 here to end it quickly).
    nock(API).get(`${REPO}/pulls/2`).reply(404, { message: 'Not Found' });

    await deliver(probot, 'pull_request', openedPayload(), 'delivery-1');
    await deliver(probot, 'pull_request', openedPayload(), 'delivery-2');

    expect(calls().slice(0, 5)).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      compareCall(HEAD),
      `POST ${REPO}/check-runs`,
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      `GET ${REPO}/pulls/2`,
    ]);
  });
});
