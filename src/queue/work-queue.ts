/**
 * Where "re-evaluate pull request #n" waits until a worker runs it. Handlers
 * only enqueue and return, so GitHub gets its answer at once.
 */
import type { EvaluationJob } from './evaluation-job.js';
import type { LookupJob, LookupRunner } from './lookup-job.js';

/** Runs one (possibly coalesced) job; throws when the evaluation failed. */
export type JobRunner = (job: EvaluationJob) => Promise<void>;

/** Where a queue reports jobs it had to drop (Probot's pino logger fits). */
export interface QueueLog {
  warn(details: object, message: string): void;
}

export interface QueueStats {
  /** Jobs waiting or running. */
  depth: number;
  /** Seconds the oldest waiting job has waited (0 when none). */
  oldestAgeSeconds: number;
}

export interface WorkQueue {
  readonly kind: 'in-process' | 'redis';
  /** Records the job; resolves once it is safely queued (not when it has run). */
  enqueue(job: EvaluationJob): Promise<void>;
  /** Records a lookup; resolves once it is safely queued. Lookups are not coalesced: each runs once. */
  enqueueLookup(job: LookupJob): Promise<void>;
  /**
   * Starts running jobs with `runner`, and lookups with `lookUp`; a job or
   * lookup read back malformed is reported to `log` and dropped.
   */
  start(runner: JobRunner, log?: QueueLog, lookUp?: LookupRunner): void;
  /** Resolves when nothing is waiting or running (tests, graceful shutdown). */
  idle(): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Whether the queue can take work (Redis reachable). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
