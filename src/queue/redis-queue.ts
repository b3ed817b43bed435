/**
 * The shared queue for several replicas: BullMQ on Redis (`REDIS_URL`).
 *
 * BullMQ gives durability and retries: a job survives a restart, a failed
 * evaluation is retried with backoff, and a job whose worker died mid-run is
 * found stalled and run by another replica. Two things BullMQ does not give
 * are added with a few Redis keys per pull request:
 *
 * - **Coalescing.** Each event bumps the pull request's generation counter
 *   and appends what it asked for (reactions, merge-group checks) to a list.
 *   An evaluation reads the generation when it starts, so every job of that
 *   generation or older is covered by it and is dropped when its turn comes.
 * - **One evaluation per pull request at a time**, across replicas: a lock
 *   with a time-to-live, renewed while the evaluation runs (so it frees itself
 *   if the replica dies). A job that finds it taken waits, delayed, and tries
 *   again.
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { jobKey, mergeJobs, readEvaluationJob, type EvaluationJob } from './evaluation-job.js';
import { jobProblems } from './job-problems.js';
import { lookupJobSchema, type LookupJob, type LookupRunner } from './lookup-job.js';
import type { JobRunner, QueueLog, QueueStats, WorkQueue } from './work-queue.js';

export interface RedisQueueOptions {
  url: string;
  /** Namespace of every key, so several deployments can share one Redis. */
  prefix?: string;
  /** Jobs this process runs at once (different pull requests). */
  concurrency?: number;
  /** How long a replica's claim on a pull request lasts without renewal. */
  pullLockMs?: number;
  /** How long a job waits before trying a pull request that another replica holds. */
  busyRetryMs?: number;
  /** BullMQ's own job lock and stalled-job check: how soon a dead replica's job is picked up elsewhere. */
  jobLockMs?: number;
  stalledIntervalMs?: number;
  /** Attempts per job when the evaluation throws (GitHub down after Octokit's own retries). */
  attempts?: number;
}

/** A pull request's turn: evaluate it if nothing has covered this generation yet. */
interface QueuedJob {
  key: string;
  generation: number;
}

/** A lookup is queued whole: it is neither coalesced nor claimed, since it only reads and enqueues. */
interface QueuedLookup {
  lookup: LookupJob;
}

/** BullMQ hands back whatever Redis holds under the job, so its data is checked like any other input. */
const queuedJobSchema = z.object({ key: z.string().min(1), generation: z.number().int().positive() }) satisfies z.ZodType<QueuedJob>;
const queuedLookupSchema = z.object({ lookup: lookupJobSchema }) satisfies z.ZodType<QueuedLookup>;

/** BullMQ job names: which of the two a queue entry is. */
const EVALUATE = 'evaluate';
const LOOKUP = 'lookup';

/** Without a logger (tests, tools), dropped jobs are still reported. */
const CONSOLE_LOG: QueueLog = { warn: (details, message) => console.warn(message, details) };

const QUEUE_NAME = 'readiness-evaluations';

/** Deletes the lock only if it is still ours (a lock that expired may belong to another replica now). */
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const RENEW_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export class RedisQueue implements WorkQueue {
  readonly kind = 'redis' as const;
  readonly #options: Required<RedisQueueOptions>;
  readonly #redis: Redis;
  readonly #queue: Queue<QueuedJob | QueuedLookup>;
  readonly #owner = randomUUID();
  /** Claim renewals of running evaluations; a forced close stops them, as a dead replica would. */
  readonly #renewals = new Set<NodeJS.Timeout>();
  #worker: Worker<unknown> | null = null;
  #log: QueueLog = CONSOLE_LOG;
  #workerConnection: Redis | null = null;

  constructor(options: RedisQueueOptions) {
    this.#options = {
      prefix: 'readiness-gate',
      // Evaluations mostly wait on GitHub (writes are paced per installation), so many can run side by side.
      concurrency: 16,
      pullLockMs: 120_000,
      busyRetryMs: 1_000,
      jobLockMs: 30_000,
      stalledIntervalMs: 30_000,
      attempts: 3,
      ...options,
    };
    this.#redis = new Redis(this.#options.url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.#queue = new Queue<QueuedJob | QueuedLookup>(QUEUE_NAME, { connection: this.#redis, prefix: this.#options.prefix });
  }

  #keys(key: string) {
    const base = `${this.#options.prefix}:pull:${key}`;
    return { generation: `${base}:generation`, done: `${base}:done`, wants: `${base}:wants`, lock: `${base}:lock` };
  }

  async enqueue(job: EvaluationJob): Promise<void> {
    const key = jobKey(job);
    const keys = this.#keys(key);
    const results = await this.#redis.multi().incr(keys.generation).rpush(keys.wants, JSON.stringify(job)).exec();
    const generation = Number(results?.[0]?.[1]);
    if (!Number.isSafeInteger(generation)) throw new Error(`could not record the job for ${key} in Redis`);
    await this.#queue.add(EVALUATE, { key, generation }, this.#jobOptions());
  }

  async enqueueLookup(job: LookupJob): Promise<void> {
    await this.#queue.add(LOOKUP, { lookup: job }, this.#jobOptions());
  }

  #jobOptions() {
    return {
      attempts: this.#options.attempts,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: 1_000,
    };
  }

  start(runner: JobRunner, log: QueueLog = CONSOLE_LOG, lookUp?: LookupRunner): void {
    if (this.#worker) return;
    this.#log = log;
    this.#workerConnection = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    // Every other name is an evaluation's turn, whose data is checked like a lookup's.
    const run = (job: Job<unknown>, token: string | undefined): Promise<string> =>
      job.name === LOOKUP ? this.#lookUp(job, lookUp) : this.#process(job, token, runner);
    this.#worker = new Worker(QUEUE_NAME, run, {
      connection: this.#workerConnection,
      prefix: this.#options.prefix,
      concurrency: this.#options.concurrency,
      lockDuration: this.#options.jobLockMs,
      stalledInterval: this.#options.stalledIntervalMs,
    });
    // BullMQ reports failures here too; the runner has logged them already.
    this.#worker.on('error', () => undefined);
  }

  /** A queue entry's data, or null (reported) when it is malformed. */
  #read<T>(job: Job<unknown>, schema: z.ZodType<T>): T | null {
    const parsed = schema.safeParse(job.data);
    if (parsed.success) return parsed.data;
    // Retrying cannot mend it: complete it so that it leaves the queue, and say so.
    this.#log.warn({ job: job.id, problems: jobProblems(parsed.error) }, 'dropped a malformed queue job');
    return null;
  }

  /** A lookup only reads and enqueues, so it runs at once; a malformed one is dropped before any request. */
  async #lookUp(job: Job<unknown>, lookUp: LookupRunner | undefined): Promise<string> {
    const queued = this.#read(job, queuedLookupSchema);
    if (!queued) return 'dropped';
    if (!lookUp) throw new Error('this worker was started without a lookup runner');
    await lookUp(queued.lookup);
    return 'looked-up';
  }

  async #process(job: Job<unknown>, token: string | undefined, runner: JobRunner): Promise<string> {
    const queued = this.#read(job, queuedJobSchema);
    if (!queued) return 'dropped';
    const { key, generation } = queued;
    const keys = this.#keys(key);
    if (generation <= (await this.#doneGeneration(keys.done))) return 'coalesced';

    const claim = `${this.#owner}:${job.id ?? ''}`;
    const claimed = await this.#redis.set(keys.lock, claim, 'PX', this.#options.pullLockMs, 'NX');
    if (claimed !== 'OK') {
      // Another replica is evaluating this pull request: come back once it is likely done.
      await job.moveToDelayed(Date.now() + this.#options.busyRetryMs, token);
      throw new DelayedError();
    }
    const renew = setInterval(() => {
      void this.#redis.eval(RENEW_LOCK, 1, keys.lock, claim, this.#options.pullLockMs).catch(() => undefined);
    }, Math.max(100, Math.floor(this.#options.pullLockMs / 3)));
    this.#renewals.add(renew);
    try {
      // Read once we hold the claim: the generation this evaluation covers, and what the events asked for.
      const [startedAt, done, wants] = await Promise.all([
        this.#redis.get(keys.generation).then(Number),
        this.#doneGeneration(keys.done),
        this.#redis.lrange(keys.wants, 0, -1),
      ]);
      if (generation <= done || wants.length === 0) return 'coalesced';
      const jobs = this.#readWants(key, wants);
      if (jobs.length > 0) await runner(jobs.reduce(mergeJobs));
      // Only what this evaluation saw is consumed (malformed entries too); events that arrived during it stay for the next one.
      await this.#redis.multi().ltrim(keys.wants, wants.length, -1).set(keys.done, String(startedAt)).exec();
      return jobs.length > 0 ? 'evaluated' : 'dropped';
    } finally {
      clearInterval(renew);
      this.#renewals.delete(renew);
      await this.#redis.eval(RELEASE_LOCK, 1, keys.lock, claim).catch(() => undefined);
    }
  }

  /** The well-formed jobs among what the events recorded; each malformed one is reported and left out. */
  #readWants(key: string, wants: readonly string[]): EvaluationJob[] {
    const jobs: EvaluationJob[] = [];
    for (const text of wants) {
      const reading = readEvaluationJob(text);
      // A job kept under another pull request's key would evaluate the wrong one.
      const problems = !reading.ok ? reading.problems : jobKey(reading.job) === key ? [] : [`ref: names ${jobKey(reading.job)}`];
      if (reading.ok && problems.length === 0) jobs.push(reading.job);
      else this.#log.warn({ pull: key, problems }, `dropped a malformed queued job for ${key}`);
    }
    return jobs;
  }

  async #doneGeneration(key: string): Promise<number> {
    return Number(await this.#redis.get(key)) || 0;
  }

  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.#queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stats(): Promise<QueueStats> {
    const counts = await this.#queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    const [oldest] = await this.#queue.getJobs(['waiting', 'prioritized', 'delayed'], 0, 0, true);
    const depth = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return { depth, oldestAgeSeconds: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0 };
  }

  async healthy(): Promise<boolean> {
    try {
      return (await this.#redis.ping()) === 'PONG' && this.#worker !== null;
    } catch {
      return false;
    }
  }

  /** Stops taking jobs; `force` abandons running ones (they are picked up elsewhere once found stalled). */
  async close(force = false): Promise<void> {
    if (force) {
      for (const renew of this.#renewals) clearInterval(renew);
      this.#renewals.clear();
    }
    // Closing a worker that is still connecting leaves its stalled-job timer behind.
    await this.#worker?.waitUntilReady().catch(() => undefined);
    await this.#worker?.close(force);
    await this.#queue.close();
    this.#workerConnection?.disconnect();
    this.#redis.disconnect();
  }
}
