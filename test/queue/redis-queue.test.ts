import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
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

    // Pull request numbers start at 1 (a job for #0 is malformed and dropped).
    for (let i = 0; i < 30; i += 1) await (i % 2 === 0 ? a : b).enqueue(job(1 + (i % 3)));
    await Promise.all([a.idle(), b.idle()]);

    expect(r.maxOverlap()).toBe(1);
    expect(new Set(r.runs.map((run) => run.ref.number))).toEqual(new Set([1, 2, 3]));
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
    q.start(r.run, undefined, async (lookup) => {
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

  it('reports itself healthy only while Redis answers and a worker runs', async () => {
    const q = queue();
    expect(await q.healthy()).toBe(false);
    q.start(async () => undefined);
    expect(await q.healthy()).toBe(true);
  });
});

describe('jobs read back from Redis', () => {
  const PREFIX = 'readiness-gate';
  const wants = (number: number) => `${PREFIX}:pull:acme/models#${number}:wants`;

  /** Collects what the queue reports as dropped. */
  function warnings() {
    const seen: { details: object; message: string }[] = [];
    return { seen, log: { warn: (details: object, message: string) => seen.push({ details, message }) } };
  }

  async function withRedis<T>(use: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis(redis.url);
    try {
      return await use(client);
    } finally {
      client.disconnect();
    }
  }

  it('evaluates the well-formed jobs of a pull request and drops, with a warning, one that is malformed', async () => {
    const q = queue();
    const r = recorder(0);
    const w = warnings();
    await withRedis(async (client) => {
      await client.rpush(wants(8), JSON.stringify({ ...job(8), ref: { owner: 'acme', repo: 'models', number: 'eight' } }));
    });
    await q.enqueue(job(8, { acknowledge: ['comment:1'] }));
    q.start(r.run, w.log);
    await q.idle();

    expect(r.runs.map((run) => [run.ref.number, run.acknowledge])).toEqual([[8, ['comment:1']]]);
    expect(w.seen).toEqual([{ message: 'dropped a malformed queued job for acme/models#8', details: { pull: 'acme/models#8', problems: ['ref.number: Invalid input: expected number, received string'] } }]);
    expect(await withRedis((client) => client.llen(wants(8)))).toBe(0);
  });

  it('runs nothing for a pull request whose only job is not JSON, a job of another pull request, or one without its fields, and consumes them', async () => {
    const q = queue();
    const r = recorder(0);
    const w = warnings();
    await withRedis(async (client) => {
      await client.rpush(wants(9), '{not json', JSON.stringify(job(10)), JSON.stringify({ installationId: 1 }));
      await client.incr(`${PREFIX}:pull:acme/models#9:generation`);
    });
    const bull = new Queue('readiness-evaluations', { connection: { url: redis.url }, prefix: PREFIX });
    await bull.add('evaluate', { key: 'acme/models#9', generation: 1 });
    q.start(r.run, w.log);
    await q.idle();
    await bull.close();

    expect(r.runs).toEqual([]);
    expect(w.seen.map((warning) => (warning.details as { problems: string[] }).problems[0])).toEqual([
      '(job): not JSON',
      'ref: names acme/models#10',
      'ref: Invalid input: expected object, received undefined',
    ]);
    expect(await withRedis((client) => client.llen(wants(9)))).toBe(0);
  });

  it('never hands a malformed lookup read back from Redis to the lookup runner: it is dropped with a warning, not retried', async () => {
    const q = queue();
    const looked: unknown[] = [];
    const w = warnings();
    q.start(async () => undefined, w.log, async (lookup) => void looked.push(lookup));
    const raw = new Queue('readiness-evaluations', { connection: { url: redis.url }, prefix: PREFIX });
    try {
      await raw.add('lookup', { lookup: { installationId: 1, repo: { owner: 'acme' }, find: { kind: 'everything' } } }, { removeOnFail: 10 });
      await q.idle();
      expect(await raw.getJobCounts('failed')).toEqual({ failed: 0 });
    } finally {
      await raw.close();
    }

    expect((await q.stats()).depth).toBe(0);
    expect(looked).toEqual([]);
    expect(w.seen.map((warning) => warning.message)).toEqual(['dropped a malformed queue job']);
    expect((w.seen[0]?.details as { problems: string[] }).problems).toEqual(expect.arrayContaining([expect.stringMatching(/^lookup\.repo\.repo: /)]));
  });

  it('drops a queue entry whose own data is malformed instead of retrying it', async () => {
    const q = queue();
    let calls = 0;
    const w = warnings();
    const bull = new Queue('readiness-evaluations', { connection: { url: redis.url }, prefix: PREFIX });
    await bull.add('evaluate', { key: 42 });
    q.start(async () => {
      calls += 1;
    }, w.log);
    await q.idle();
    await bull.close();

    expect(calls).toBe(0);
    expect(w.seen.map((warning) => warning.message)).toEqual(['dropped a malformed queue job']);
    expect(await q.stats()).toEqual({ depth: 0, oldestAgeSeconds: 0 });
  });
});
