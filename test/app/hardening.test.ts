import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { createNodeMiddleware, type Probot } from 'probot';
import { readinessGate } from '../../src/app/index.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { startupProblem } from '../../src/app/startup-check.js';
import { API, createApp, createProbotInstance, deliver, logged, sent, WEBHOOK_SECRET, simulateGitHub } from '../support/github-app.js';
import {
  bodyOf,
  calls,
  compareCall,
  CONTRACT,
  FRESH_HEAD,
  GOOD_CARD,
  HEAD,
  mockCompare,
  mockContract,
  mockConversation,
  mockEvidence,
  mockFiles,
  mockFirstEvaluationWrites,
  mockFreshPull,
  mockHeadPulls,
  openedPayload,
  REPO,
} from '../support/pull-fixtures.js';

let probot: Probot;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
});


describe('GitHub failing part-way', () => {
  it('fails the check with the reason, never leaving a success, and lets the error reach the log', async () => {
    mockContract(CONTRACT);
    mockFiles([{ filename: 'models/churn/train.py' }]);
    mockFreshPull();
    nock(API).get(`${REPO}/commits/${FRESH_HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    mockEvidence(FRESH_HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{}' });
    nock(API).get(`${REPO}/issues/2/comments`).query(true).reply(500, { message: 'Server Error' });
    nock(API).get(`${REPO}/pulls/2/reviews`).query(true).reply(200, []);
    nock(API).get(`${REPO}/pulls/2/comments`).query(true).reply(200, []);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 3 });

    await deliver(probot, 'pull_request', openedPayload());

    const check = bodyOf('POST', '/check-runs');
    expect(check).toMatchObject({ head_sha: FRESH_HEAD, conclusion: 'failure', output: { title: 'Readiness could not be evaluated' } });
    expect(check.output.summary).toContain(`GitHub answered 500 to GET ${REPO}/issues/2/comments`);
    expect(check.output.summary).not.toContain('test-token');
    expect(calls().filter((c) => c.startsWith('POST'))).toEqual([`POST ${REPO}/check-runs`]);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'readiness evaluation failed', delivery: 'delivery-1', pull: 2 }));
  });

  it('recovers on the next event', async () => {
    mockContract(CONTRACT);
    nock(API).get(`${REPO}/pulls/2/files`).query(true).reply(502, { message: 'Bad Gateway' });
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 3 });
    await deliver(probot, 'pull_request', openedPayload());
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'failure' });

    mockContract(CONTRACT);
    mockFiles([{ filename: 'README.md' }]);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 4 });
    sent.length = 0;
    await deliver(probot, 'pull_request', openedPayload(), 'delivery-2');

    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'success' });
  });
});

describe('huge pull requests', () => {
  /** A compare GitHub cut at 300 files, all harmless: the rest could be anything. */
  function mockCutCompare(head: string, optional = false) {
    const files = Array.from({ length: 300 }, (_, i) => ({ filename: `docs/page-${i}.txt`, status: 'added' }));
    mockCompare(head, files, { optional });
  }

  /** The pull request's own list: `pages` pages of 100 harmless files. */
  function mockListedFiles(pages: number) {
    nock(API)
      .persist()
      .get(`${REPO}/pulls/2/files`)
      .query(true)
      .reply((uri) => {
        const page = Number(new URL(uri, API).searchParams.get('page') ?? 1);
        const files = Array.from({ length: 100 }, (_, i) => ({ filename: `docs/page-${page}-${i}.txt`, status: 'added' }));
        const next = page < pages ? { link: `<${API}${REPO}/pulls/2/files?per_page=100&page=${page + 1}>; rel="next"` } : {};
        return [200, files, next];
      });
  }

  it('treats a pull request of more than 3,000 files as in scope, and says so', async () => {
    const payload = openedPayload();
    payload.pull_request.changed_files = 3500;
    mockContract(CONTRACT);
    mockCutCompare(HEAD);
    mockCutCompare(FRESH_HEAD);
    mockFreshPull({ changed_files: 3500 });
    mockEvidence(FRESH_HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.9}}' });
    mockConversation();
    mockFirstEvaluationWrites();

    await deliver(probot, 'pull_request', payload);

    // GitHub would list only 3,000 of them anyway: the pull request's own list is not read.
    expect(calls().filter((c) => c.includes('/pulls/2/files'))).toEqual([]);
    const check = bodyOf('POST', '/check-runs');
    expect(check.conclusion).toBe('failure');
    expect(check.output.title).not.toBe('No model or deployment paths changed');
    expect(bodyOf('POST', '/issues/2/comments').body).toContain('GitHub listed only part of the changed files');
  });

  it('reads the pull request’s own list beyond the compare’s 300 files, and trusts it only for the head it checked after', async () => {
    const payload = openedPayload();
    payload.pull_request.changed_files = 1200;
    mockContract(CONTRACT);
    mockCutCompare(HEAD);
    mockListedFiles(12);
    nock(API).get(`${REPO}/pulls/2`).times(2).reply(200, payload.pull_request);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });

    await deliver(probot, 'pull_request', payload);

    expect(calls().filter((c) => !c.includes('/pulls/2/files?per_page=100&page='))).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      compareCall(HEAD),
      `GET ${REPO}/pulls/2`,
      `GET ${REPO}/pulls/2/files?per_page=100`,
      // The head after listing is still the one judged, so the 1,200 files are its own.
      `GET ${REPO}/pulls/2`,
      `POST ${REPO}/check-runs`,
    ]);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ head_sha: HEAD, conclusion: 'success', output: { title: 'No model or deployment paths changed' } });
  });

  it('keeps the cut list (in scope) when the head moved while the pull request’s list was read', async () => {
    const payload = openedPayload();
    payload.pull_request.changed_files = 1200;
    mockContract(CONTRACT);
    mockCutCompare(HEAD);
    mockListedFiles(12);
    nock(API).get(`${REPO}/pulls/2`).reply(200, payload.pull_request);
    mockHeadPulls(HEAD, [{ number: 2, base: 'master' }]);
    nock(API).get(`${REPO}/pulls/2`).reply(200, { ...payload.pull_request, head: { ...payload.pull_request.head, sha: FRESH_HEAD } });
    nock(API).get(`${REPO}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    mockEvidence(HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.9}}' });
    mockConversation();
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 3 });
    nock(API).post(`${REPO}/pulls/2/requested_reviewers`).reply(201, {});
    nock(API).post(`${REPO}/issues/2/comments`).reply(201, { id: 4 });

    await deliver(probot, 'pull_request', payload);

    const check = bodyOf('POST', '/check-runs');
    expect(check).toMatchObject({ head_sha: HEAD, conclusion: 'failure' });
    expect(check.output.title).not.toBe('No model or deployment paths changed');
    expect(bodyOf('POST', '/issues/2/comments').body).toContain('GitHub listed only part of the changed files');
  });
});

describe('hostile or broken deliveries', () => {
  it('rejects a webhook with a bad signature before any work is done', async () => {
    const bare = createProbotInstance();
    const queue = new InProcessQueue();
    const middleware = await createNodeMiddleware(readinessGate({ queue }), { probot: bare });
    const server: Server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    nock.enableNetConnect('127.0.0.1');
    try {
      const { port } = server.address() as AddressInfo;
      const body = JSON.stringify(openedPayload());
      const post = (signature: string) =>
        fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'd-1', 'x-hub-signature-256': signature },
          body,
        });

      const forged = await post(`sha256=${createHmac('sha256', 'not-the-secret').update(body).digest('hex')}`);

      expect(forged.status).toBe(400);
      expect(sent).toEqual([]);

      // The same delivery, signed with the app's secret, does reach the app.
      nock(API).get(/\/contents\//).times(3).reply(404, { message: 'Not Found' });
      const genuine = await post(`sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`);
      expect(genuine.status).toBe(200);
      await queue.idle();
      expect(calls()[0]).toBe(`GET ${REPO}/contents/.github/readiness.yml?ref=master`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('survives a malformed payload without a single request', async () => {
    const payload = openedPayload();
    delete payload.pull_request;

    await expect(deliver(probot, 'pull_request', payload)).resolves.toBeUndefined();

    expect(calls()).toEqual([]);
  });

  it('reads the evidence of a pull request from a fork at its head commit, in the base repository', async () => {
    const payload = openedPayload();
    payload.pull_request.head.repo = { ...payload.pull_request.head.repo, full_name: 'mallory/Hello-World', owner: { login: 'mallory' } };
    mockContract(CONTRACT);
    mockFiles([{ filename: 'models/churn/train.py' }]);
    mockFreshPull({ head: { ...payload.pull_request.head, sha: FRESH_HEAD } });
    mockEvidence(FRESH_HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.9}}' });
    mockConversation();
    mockFirstEvaluationWrites();

    await deliver(probot, 'pull_request', payload);

    expect(calls().filter((c) => c.includes('/contents/'))).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      `GET ${REPO}/contents/docs/model-card.md?ref=${FRESH_HEAD}`,
      `GET ${REPO}/contents/reports/eval.json?ref=${FRESH_HEAD}`,
    ]);
    expect(calls().some((c) => c.includes('mallory'))).toBe(false);
  });
});

describe('starting the server', () => {
  const configured = { APP_ID: '1', PRIVATE_KEY: 'key', WEBHOOK_SECRET: 'secret' };

  it('starts with a complete configuration', () => {
    expect(startupProblem(configured)).toBeNull();
  });

  it('refuses to start without a webhook secret, naming what is missing', () => {
    expect(startupProblem({ ...configured, WEBHOOK_SECRET: '' })).toMatch(/refuses to start without WEBHOOK_SECRET/);
    expect(startupProblem({ APP_ID: '1' })).toMatch(/PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET/);
  });

  it('refuses to start unconfigured outside development, and allows it when development is asked for', () => {
    expect(startupProblem({})).toMatch(/not configured/);
    expect(startupProblem({ NODE_ENV: 'development' })).toBeNull();
    expect(startupProblem({ APP_ID: '1', READINESS_DEV_MODE: 'true' })).toBeNull();
  });
});
