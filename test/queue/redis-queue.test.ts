import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import type { EvaluationJob } from '../../src/queue/evaluation-job.js';
import type { LookupJob } from '../../src/queue/lookup-job.js';
import { RedisQueue, type RedisQueueOptions } from '../../src/queue/redis-queue.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
const opened: RedisQueue[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis?.stop();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
  await redis.flush();
});

function queue(options: Partial<RedisQueueOptions> = {}): RedisQueue {
  const q = new RedisQueue({ url: redis.url, busyRetryMs: 50, ...options });
  opened.push(q);
  return q;
}

function job(number: number, extras: Partial<EvaluationJob> = {}): EvaluationJob {
  return { installationId: 1, ref: { owner: 'acme', repo: 'models', number }, deliveryId: `d-${Math.random()}`, event: 'pull_request.synchronize', receivedAt: new Date().toISOString(), ...extras };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A runner that records every run and how many runs of one pull request overlapped. */
function recorder(delayMs: number) {
  const runs: EvaluationJob[] = [];
  const active = new Map<number, number>();
  let maxOverlap = 0;
  const run = async (j: EvaluationJob) => {
    const n = (active.get(j.ref.number) ?? 0) + 1;
    active.set(j.ref.number, n);
    maxOverlap = Math.max(maxOverlap, n);
    await sleep(delayMs);
    active.set(j.ref.number, n - 1);
    runs.push(j);
  };
  return { runs, run, maxOverlap: () => maxOverlap };
}

describe('the Redis work queue', () => {
  it('coalesces a burst of events for one pull request and keeps what each asked for', async () => {
    const q = queue();
    const r = recorder(100);
    q.start(r.run);

    await q.enqueue(job(7, { acknowledge: ['comment:1'] }));
    await sleep(30); // the first evaluation is running now
    for (let i = 2; i <= 20; i += 1) await q.enqueue(job(7, { acknowledge: [`comment:${i}`] }));
    await q.idle();

    expect(r.runs.length).toBeLessThanOrEqual(3);
    expect(r.maxOverlap()).toBe(1);
    const acknowledged = new Set(r.runs.flatMap((run) => run.acknowledge ?? []));
    expect(acknowledged.size).toBe(20);
    expect(await q.stats()).toEqual({ depth: 0, oldestAgeSeconds: 0 });
  });

  it('never evaluates one pull request on two replicas at once, and runs different ones side by side', async () => {
    const a = queue();
    const b = queue();
    const r = recorder(40);
    a.start(r.run);
    b.start(r.run);

    for (let i = 0; i < 30; i += 1) await (i % 2 === 0 ? a : b).enqueue(job(i % 3));
    await Promise.all([a.idle(), b.idle()]);

    expect(r.maxOverlap()).toBe(1);
    expect(new Set(r.runs.map((run) => run.ref.number))).toEqual(new Set([0, 1, 2]));
    expect(r.runs.length).toBeLessThan(30);
  });

  it('finishes on another replica a job whose worker died mid-evaluation', async () => {
    const fast = { jobLockMs: 500, stalledIntervalMs: 300, pullLockMs: 600 };
    const doomed = queue(fast);
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    doomed.start(async () => {
      started();
      await new Promise(() => undefined); // hangs, like a process that was killed
    });
    await doomed.enqueue(job(42));
    await hasStarted;
    await doomed.close(true);

    const survivor = queue(fast);
    const r = recorder(0);
    survivor.start(r.run);
    for (let waited = 0; r.runs.length === 0 && waited < 15_000; waited += 100) await sleep(100);

    expect(r.runs.map((run) => run.ref.number)).toEqual([42]);
  });

  it('retries an evaluation that failed', async () => {
    const q = queue({ attempts: 3 });
    let calls = 0;
    q.start(async () => {
      calls += 1;
      if (calls === 1) throw new Error('GitHub is down');
    });

    await q.enqueue(job(5));
    for (let waited = 0; calls < 2 && waited < 10_000; waited += 50) await sleep(50);

    expect(calls).toBe(2);
  });

  it('runs each lookup once with the lookup runner, retries a failed one, and gives the evaluations it enqueues their turn', async () => {
    const q = queue({ attempts: 2 });
    const r = recorder(0);
    const looked: LookupJob[] = [];
    q.start(r.run, async (lookup) => {
      looked.push(lookup);
      if (looked.length === 1) throw new Error('GitHub answered 502');
      await q.enqueue(job(11, { deliveryId: lookup.deliveryId }));
    });
    const lookup: LookupJob = {
      installationId: 1,
      repo: { owner: 'acme', repo: 'models' },
      deliveryId: 'd-status',
      event: 'status',
      receivedAt: new Date().toISOString(),
      find: { kind: 'head', sha: 'a'.repeat(40), listed: [], filter: { kind: 'naming-check', check: 'ci' } },
    };

    await q.enqueueLookup(lookup);
    for (let waited = 0; r.runs.length === 0 && waited < 10_000; waited += 50) await sleep(50);
    await q.idle();

    expect(looked).toEqual([lookup, lookup]);
    expect(r.runs.map((run) => [run.ref.number, run.deliveryId])).toEqual([[11, 'd-status']]);
  });

  it('never hands a malformed lookup read back from Redis to the lookup runner', async () => {
    const q = queue({ attempts: 1 });
    const looked: unknown[] = [];
    q.start(async () => undefined, async (lookup) => void looked.push(lookup));
    const raw = new Queue('readiness-evaluations', { connection: { url: redis.url }, prefix: 'readiness-gate' });
    try {
      await raw.add('lookup', { lookup: { installationId: 1, repo: { owner: 'acme' }, find: { kind: 'everything' } } }, { removeOnFail: 10 });
      for (let waited = 0; (await raw.getJobCounts('failed')).failed === 0 && waited < 10_000; waited += 50) await sleep(50);
    } finally {
      await raw.close();
    }

    expect((await q.stats()).depth).toBe(0);
    expect(looked).toEqual([]);
  });

  it('reports itself healthy only while Redis answers and a worker runs', async () => {
    const q = queue();
    expect(await q.healthy()).toBe(false);
    q.start(async () => undefined);
    expect(await q.healthy()).toBe(true);
  });
});
