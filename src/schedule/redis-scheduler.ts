/**
 * The shared scheduler (`REDIS_URL`): one BullMQ delayed job per subject, so a
 * schedule lives in Redis and survives the loss of any replica; whichever
 * replica is up when it comes due runs it (a replica that dies while running
 * it leaves a stalled job that another one picks up).
 *
 * The job id is the subject's key and the instant, and a Redis hash keeps each
 * subject's current instant. Moving the instant removes the old job and adds
 * the new one; an old job that could not be removed (it was being run at that
 * moment) finds the hash moved on when its turn comes, and does nothing. Setting
 * the instant a subject already has writes nothing.
 */
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { jobProblems } from '../queue/job-problems.js';
import { SCHEDULE_GRACE_MS, type DueRunner, type Scheduler, type SchedulerLog } from './scheduler.js';
import { scheduleSubjectSchema, subjectKey, type ScheduleSubject } from './subject.js';

export interface RedisSchedulerOptions {
  url: string;
  /** Namespace of every key (the work queue's, so one deployment keeps to one prefix). */
  prefix?: string;
  graceMs?: number;
  /** The clock delays are measured on (tests); BullMQ itself uses the system clock. */
  now?: () => number;
  /** BullMQ's job lock and stalled-job check: how soon a dead replica's due job is run elsewhere. */
  jobLockMs?: number;
  stalledIntervalMs?: number;
}

const QUEUE_NAME = 'readiness-schedule';
const DUE = 'due';

interface DueJob {
  subject: ScheduleSubject;
  at: string;
}

const dueJobSchema = z.object({ subject: scheduleSubjectSchema, at: z.iso.datetime() }) satisfies z.ZodType<DueJob>;

/** Deletes the subject's entry only if it still names this instant (a newer evaluation may have moved it already). */
const CLEAR_IF_SAME = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) else return 0 end`;

export class RedisScheduler implements Scheduler {
  readonly kind = 'redis' as const;
  readonly #options: Required<RedisSchedulerOptions>;
  readonly #redis: Redis;
  readonly #queue: Queue<DueJob>;
  readonly #instants: string;
  #worker: Worker<unknown> | null = null;
  #workerConnection: Redis | null = null;

  constructor(options: RedisSchedulerOptions) {
    this.#options = { prefix: 'readiness-gate', graceMs: SCHEDULE_GRACE_MS, now: () => Date.now(), jobLockMs: 30_000, stalledIntervalMs: 30_000, ...options };
    this.#redis = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    this.#queue = new Queue<DueJob>(QUEUE_NAME, { connection: this.#redis, prefix: this.#options.prefix });
    this.#instants = `${this.#options.prefix}:schedule:instants`;
  }

  async set(subject: ScheduleSubject, at: string | null): Promise<boolean> {
    const key = subjectKey(subject);
    const due = at === null ? null : Date.parse(at);
    if (due !== null && !Number.isFinite(due)) throw new Error(`not an instant: ${at}`);
    const previous = await this.#redis.hget(this.#instants, key);
    if (previous === (due === null ? null : String(due))) return false;
    if (previous !== null) {
      // A job being run cannot be removed; it will find the hash moved on.
      await this.#queue.remove(jobId(key, previous)).catch(() => 0);
    }
    if (due === null || at === null) {
      await this.#redis.eval(CLEAR_IF_SAME, 1, this.#instants, key, previous ?? '');
      return true;
    }
    const delay = Math.max(0, due + this.#options.graceMs - this.#options.now());
    await this.#queue.add(DUE, { subject, at }, { jobId: jobId(key, String(due)), delay, attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: true, removeOnFail: 1_000 });
    await this.#redis.hset(this.#instants, key, String(due));
    return true;
  }

  start(onDue: DueRunner, log: SchedulerLog): void {
    if (this.#worker) return;
    this.#workerConnection = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    this.#worker = new Worker(QUEUE_NAME, (job) => this.#run(job, onDue, log), {
      connection: this.#workerConnection,
      prefix: this.#options.prefix,
      lockDuration: this.#options.jobLockMs,
      stalledInterval: this.#options.stalledIntervalMs,
    });
    // BullMQ reports failures here too; #run has logged them already.
    this.#worker.on('error', () => undefined);
  }

  async #run(job: Job<unknown>, onDue: DueRunner, log: SchedulerLog): Promise<string> {
    const parsed = dueJobSchema.safeParse(job.data);
    if (!parsed.success) {
      // Retrying cannot mend it: complete it so that it leaves the queue, and say so.
      log.warn({ job: job.id, problems: jobProblems(parsed.error) }, 'dropped a malformed scheduled re-evaluation');
      return 'dropped';
    }
    const { subject, at } = parsed.data;
    const key = subjectKey(subject);
    const due = String(Date.parse(at));
    if ((await this.#redis.hget(this.#instants, key)) !== due) return 'replaced';
    try {
      await onDue(subject, at);
    } catch (error) {
      log.error({ err: error, subject: key, at }, 'could not start a scheduled re-evaluation');
      throw error;
    }
    await this.#redis.eval(CLEAR_IF_SAME, 1, this.#instants, key, due);
    return 'due';
  }

  async pending(): Promise<number> {
    return this.#redis.hlen(this.#instants);
  }

  /** Stops taking due jobs; `force` abandons a running one (another replica runs it once it is found stalled). */
  async close(force = false): Promise<void> {
    await this.#worker?.waitUntilReady().catch(() => undefined);
    await this.#worker?.close(force);
    await this.#queue.close();
    this.#workerConnection?.disconnect();
    this.#redis.disconnect();
  }
}

function jobId(key: string, dueMs: string): string {
  return `${key}@${dueMs}`;
}
