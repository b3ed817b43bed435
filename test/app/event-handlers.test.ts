/**
 * The handlers for reviews, review comments, check suites, finished check
 * runs and commit statuses, over webhooks with the exact requests: which
 * deliveries start an evaluation, which are ignored without a request, and
 * that a GitHub failure while finding the pull requests of an event is logged
 * by the worker and never becomes an HTTP 500.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { createNodeMiddleware, type Probot } from 'probot';
import { readinessGate } from '../../src/app/index.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { API, createApp, createProbotInstance, deliver, examplePayload, logged, simulateGitHub, WEBHOOK_SECRET } from '../support/github-app.js';
import { calls, CONTRACT, HEAD, headPullsCall, mockContract, mockHeadPulls, REPO, unusedMocks } from '../support/pull-fixtures.js';

let probot: Probot;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
});

const CONTRACT_READ = `GET ${REPO}/contents/.github/readiness.yml?ref=master`;

/**
 * An evaluation of PR #2 in a repository without a contract: the pull request, then the contract,
 * looked for in the repository and (through Probot's config) the organisation's `.github` repository.
 */
function mockUnjudgedEvaluation(number = 2) {
  nock(API).get(`${REPO}/pulls/${number}`).reply(200, { ...examplePayload('pull_request', 'opened').pull_request, number });
  nock(API).get(/\/contents\//).times(3).reply(404, { message: 'Not Found' });
}

function unjudgedEvaluationCalls(number = 2): string[] {
  return [
    `GET ${REPO}/pulls/${number}`,
    CONTRACT_READ,
    CONTRACT_READ,
    'GET /repos/Codertocat/.github/contents/.github/readiness.yml',
  ];
}

/** The Hello-World repository of the other examples, so every event concerns the same pull request. */
function inHelloWorld(payload: Record<string, any>): Record<string, any> {
  return { ...payload, repository: examplePayload('pull_request', 'opened').repository };
}

describe('pull_request_review', () => {
  const review = (action: string, review: Record<string, unknown>) => {
    const payload = examplePayload('pull_request_review', 'submitted');
    return { ...payload, action, review: { ...payload.review, ...review } };
  };

  it('re-evaluates the pull request on an approval, a dismissal and a comment-only review that carries a command', async () => {
    for (const payload of [
      review('submitted', { state: 'approved', body: 'LGTM' }),
      review('dismissed', { state: 'dismissed', body: '' }),
      review('submitted', { state: 'commented', body: '/signoff ml-lead' }),
    ]) {
      probot = createApp();
      mockUnjudgedEvaluation();
      await deliver(probot, 'pull_request_review', payload);
      expect(calls()).toEqual(unjudgedEvaluationCalls());
    }
  });

  it("ignores a comment-only review without a command, and any bot's review, without a request", async () => {
    await deliver(probot, 'pull_request_review', review('submitted', { state: 'commented', body: 'nice' }));
    await deliver(probot, 'pull_request_review', review('submitted', { state: 'approved', user: { login: 'ci-helper', type: 'Bot' } }));
    await deliver(probot, 'pull_request_review', review('submitted', { state: 'approved', user: { login: 'renovate[bot]', type: 'User' } }));

    expect(calls()).toEqual([]);
  });
});

describe('pull_request_review_comment', () => {
  const reviewComment = (action: string, body: string, extra: Record<string, unknown> = {}) => {
    const payload = examplePayload('pull_request_review_comment', 'created');
    return { ...payload, action, comment: { ...payload.comment, body, ...extra }, ...(action === 'edited' ? { changes: { body: { from: 'typo' } } } : {}) };
  };

  it('re-evaluates the pull request when a review comment with a command is created, edited or deleted', async () => {
    for (const payload of [reviewComment('created', '/signoff ml-lead'), reviewComment('edited', '/signoff ml-lead'), reviewComment('deleted', '/waive model-card 7d ok')]) {
      probot = createApp();
      mockUnjudgedEvaluation();
      await deliver(probot, 'pull_request_review_comment', payload);
      expect(calls()).toEqual(unjudgedEvaluationCalls());
    }
  });

  it("ignores a review comment without a command, and a bot's, without a request", async () => {
    await deliver(probot, 'pull_request_review_comment', reviewComment('created', 'Why this threshold?'));
    await deliver(probot, 'pull_request_review_comment', reviewComment('edited', 'still no command'));
    await deliver(probot, 'pull_request_review_comment', reviewComment('created', '/signoff ml-lead', { user: { login: 'helper[bot]', type: 'Bot' } }));

    expect(calls()).toEqual([]);
  });
});

describe('check_suite.rerequested', () => {
  it('re-evaluates the pull requests the suite lists, without asking GitHub for them', async () => {
    mockUnjudgedEvaluation();

    await deliver(probot, 'check_suite', examplePayload('check_suite', 'rerequested'));

    expect(calls()).toEqual(unjudgedEvaluationCalls());
  });

  it('asks which open pull requests have the head when the suite lists none (a pull request from a fork)', async () => {
    const payload = examplePayload('check_suite', 'rerequested');
    payload.check_suite.pull_requests = [];
    mockHeadPulls(HEAD, [{ number: 2, base: 'master' }, { number: 9, base: 'master', state: 'closed' }]);
    mockUnjudgedEvaluation();

    await deliver(probot, 'check_suite', payload);

    expect(calls()).toEqual([headPullsCall(HEAD), ...unjudgedEvaluationCalls()]);
    expect(unusedMocks()).toEqual([]);
  });
});

describe('check_run.completed', () => {
  const completed = (name: string, pullRequests: unknown[] = []) => {
    const payload = inHelloWorld({ ...examplePayload('check_run', 'rerequested'), action: 'completed' });
    payload.check_run = { ...payload.check_run, name, head_sha: HEAD, pull_requests: pullRequests };
    return payload;
  };
  const namingContract = `${CONTRACT}  - id: eval-gate\n    title: Evaluation gate\n    owner: ml-lead\n    checks: [model-eval]\n`;

  it('re-evaluates the pull requests whose base contract names the finished check', async () => {
    mockHeadPulls(HEAD, [{ number: 2, base: 'master' }]);
    mockContract(namingContract);
    mockUnjudgedEvaluation();

    await deliver(probot, 'check_run', completed('model-eval'));

    expect(calls()).toEqual([headPullsCall(HEAD), CONTRACT_READ, ...unjudgedEvaluationCalls()]);
  });

  it('uses the pull requests the run lists, and stops at the contract when it does not name the check', async () => {
    mockContract(CONTRACT);

    await deliver(probot, 'check_run', completed('lint', [{ number: 2, base: { ref: 'master' }, head: { ref: 'feature' } }]));

    expect(calls()).toEqual([CONTRACT_READ]);
  });

  it("ignores the app's own check finishing, without a request", async () => {
    await deliver(probot, 'check_run', completed('readiness'));
    await deliver(probot, 'check_run', completed('readiness (release/1.0)'));

    expect(calls()).toEqual([]);
  });
});

describe('status', () => {
  it('ignores a pending status without a request', async () => {
    await deliver(probot, 'status', { ...examplePayload('status'), state: 'pending' });

    expect(calls()).toEqual([]);
  });
});

describe('GitHub failing while the pull requests of an event are looked up', () => {
  /** Serves the app as Probot's HTTP middleware does and posts one signed delivery; returns the HTTP status. */
  async function post(event: string, payload: unknown): Promise<number> {
    const queue = new InProcessQueue();
    const middleware = await createNodeMiddleware(readinessGate({ queue }), { probot: createProbotInstance() });
    const server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    nock.enableNetConnect('127.0.0.1');
    try {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': 'lookup-1', 'x-hub-signature-256': signature },
        body,
      });
      await queue.idle();
      return response.status;
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  const lookupFailures = () => logged.filter((line) => line.level === 50 && line.msg === 'could not find the pull requests the event concerns');

  it('answers a status delivery with 2xx, logs the error and writes nothing', async () => {
    const payload = { ...examplePayload('status'), state: 'success', sha: HEAD, context: 'model-eval' };
    nock(API).get(`${REPO}/commits/${HEAD}/pulls`).query(true).reply(502, { message: 'Bad Gateway' });

    const status = await post('status', payload);

    expect(status).toBeLessThan(300);
    expect(calls()).toEqual([headPullsCall(HEAD)]);
    expect(lookupFailures()).toHaveLength(1);
    expect(lookupFailures()[0]).toMatchObject({ delivery: 'lookup-1', event: 'status', err: expect.objectContaining({ status: 502 }) });
  });

  it('answers a contract push with 2xx, logs the error and writes nothing', async () => {
    const payload = examplePayload('push');
    payload.ref = 'refs/heads/master';
    payload.commits = [{ id: 'abc', added: [], removed: [], modified: ['.github/readiness.yml'] }];
    nock(API).get(`${REPO}/pulls`).query(true).reply(502, { message: 'Bad Gateway' });
    // Every push to the default branch also queues its dashboard, which this contract leaves off.
    mockContract(CONTRACT);

    const status = await post('push', payload);

    expect(status).toBeLessThan(300);
    expect(calls().sort()).toEqual([CONTRACT_READ, `GET ${REPO}/pulls?state=open&base=master&per_page=100`]);
    expect(lookupFailures()).toHaveLength(1);
  });

  it('(control) the same status delivery, with GitHub answering, re-evaluates the pull request', async () => {
    const payload = { ...examplePayload('status'), state: 'success', sha: HEAD, context: 'model-eval' };
    mockHeadPulls(HEAD, [{ number: 2, base: 'master' }]);
    mockContract(CONTRACT.replace('evidence:\n', 'evidence:\n  - id: eval-gate\n    title: Evaluation gate\n    owner: ml-lead\n    checks: [model-eval]\n'));
    mockUnjudgedEvaluation();

    const status = await post('status', payload);

    expect(status).toBeLessThan(300);
    expect(calls()).toEqual([headPullsCall(HEAD), CONTRACT_READ, ...unjudgedEvaluationCalls()]);
    expect(lookupFailures()).toEqual([]);
  });
});
