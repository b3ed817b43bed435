import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { clientOptionsTuner, createGitHubClientClass } from '../../src/app/github-client.js';
import { API, createApp, deliver, logged, simulateGitHub } from '../support/github-app.js';
import { recordingFetch } from '../support/recording-fetch.js';
import { BASE, bodyOf, calls, CONTRACT, HEAD, mockContract, openedPayload, REPO } from '../support/pull-fixtures.js';

const FILES = `${REPO}/compare/${BASE}...${HEAD}`;

let probot: Probot;

simulateGitHub();

beforeEach(() => {
  // The production client, with backoff units of 1 ms instead of 1 s and a short timeout.
  probot = createApp(undefined, createGitHubClientClass({ retryAfterBaseValue: 1, timeoutMs: 200, fetch: recordingFetch }));
  mockContract(CONTRACT);
  nock(API).post(`${REPO}/check-runs`).reply(201, { id: 1 });
});


function filesCalls(): number {
  return calls().filter((c) => c.startsWith(`GET ${FILES}`)).length;
}

const outOfScopeFiles = { status: 'ahead', files: [{ filename: 'README.md', status: 'modified' }] };

describe('GitHub faults are retried by Octokit’s plugins', () => {
  it('retries a 5xx answer with backoff', async () => {
    nock(API).get(FILES).query(true).reply(502, { message: 'Bad Gateway' });
    nock(API).get(FILES).query(true).reply(200, outOfScopeFiles);

    await deliver(probot, 'pull_request', openedPayload());

    expect(filesCalls()).toBe(2);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'success' });
  });

  it('waits out a secondary rate limit with retry-after', async () => {
    nock(API).get(FILES).query(true).reply(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '1' });
    nock(API).get(FILES).query(true).reply(200, outOfScopeFiles);

    await deliver(probot, 'pull_request', openedPayload());

    expect(filesCalls()).toBe(2);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'success' });
  });

  it('waits out the primary rate limit until its reset', async () => {
    const reset = String(Math.floor(Date.now() / 1000));
    nock(API).get(FILES).query(true).reply(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
    nock(API).get(FILES).query(true).reply(200, outOfScopeFiles);

    await deliver(probot, 'pull_request', openedPayload());

    expect(filesCalls()).toBe(2);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'success' });
  });

  it('aborts a request that does not answer in time, and retries it', async () => {
    nock(API).get(FILES).query(true).delay(1000).reply(200, outOfScopeFiles);
    nock(API).get(FILES).query(true).reply(200, outOfScopeFiles);

    await deliver(probot, 'pull_request', openedPayload());

    expect(filesCalls()).toBe(2);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'success' });
  });

  it('gives up after a few attempts and fails the check, saying why', async () => {
    nock(API).get(FILES).query(true).times(4).reply(503, { message: 'Service Unavailable' });

    await deliver(probot, 'pull_request', openedPayload());

    expect(filesCalls()).toBe(4);
    const check = bodyOf('POST', '/check-runs');
    expect(check).toMatchObject({ conclusion: 'failure', output: { title: 'Readiness could not be evaluated' } });
    expect(check.output.summary).toContain(`GitHub answered 503 to GET ${FILES}`);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'readiness evaluation failed', delivery: 'delivery-1' }));
  });
});

describe('the tuned client options', () => {
  it('keep what Probot put in the throttle and retry options: the installation id and the shared Redis connection', () => {
    const connection = { shared: 'through Redis' };
    const tuned = clientOptionsTuner({ retries: 2 })({ throttle: { id: '42', connection }, retry: { doNotRetry: [404] }, request: { timeout: 5 } });

    expect(tuned.throttle).toMatchObject({ id: '42', connection, enabled: true });
    expect(tuned.retry).toEqual({ doNotRetry: [404], retries: 2, retryAfterBaseValue: 1000 });
    expect(tuned.request).toMatchObject({ timeout: 5, fetch: expect.any(Function) });
  });
});
