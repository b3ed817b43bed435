import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { RedisQueue } from '../../src/queue/redis-queue.js';
import { API, createApp, simulateGitHub } from '../support/github-app.js';
import { CONTRACT, FRESH_HEAD, GOOD_CARD, mockContract, mockEvidence, mockFiles, mockFreshPull, openedPayload, REPO, simulatedExample } from '../support/pull-fixtures.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { serveWithNock } from '../support/simulated-github-nock.js';

let redis: TestRedis;
let queues: RedisQueue[] = [];

simulateGitHub({ loopback: true });

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis?.stop();
});


afterEach(async () => {
  await Promise.all(queues.map((q) => q.close()));
  queues = [];
  await redis.flush();
});

function replica(): Probot {
  const queue = new RedisQueue({ url: redis.url, busyRetryMs: 20 });
  queues.push(queue);
  return createApp(undefined, undefined, queue);
}

describe('several replicas sharing Redis', () => {
  it('turn a burst of events for one pull request, spread over two replicas, into exactly one comment and one check run', async () => {
    const { github, repository, pull } = simulatedExample();
    mockContract(CONTRACT).persist();
    mockFiles([{ filename: 'models/churn/train.py' }]).persist();
    mockFreshPull().persist();
    mockEvidence(FRESH_HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.74}}' }, { persist: true });
    nock(API).persist().get(`${REPO}/pulls/2/reviews`).query(true).reply(200, []);
    nock(API).persist().get(`${REPO}/pulls/2/comments`).query(true).reply(200, []);
    serveWithNock(github);
    const replicas = [replica(), replica()];

    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        replicas[i % 2]!.receive({ id: `delivery-${i}`, name: 'pull_request', payload: openedPayload() } as Parameters<Probot['receive']>[0]),
      ),
    );
    await Promise.all(queues.map((q) => q.idle()));

    expect(pull.comments.filter((c) => c.body.includes('readiness-gate:checklist'))).toHaveLength(1);
    expect(repository.checkRuns.filter((r) => r.head_sha === FRESH_HEAD)).toHaveLength(1);
    expect(pull.reviewRequests).toHaveLength(1);
  });
});
