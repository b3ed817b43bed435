/**
 * The default queue: in memory, for one `npm start`. One job per pull request
 * runs at a time, and everything that arrives meanwhile becomes one follow-up.
 * Jobs do not survive a restart; the next event for the pull request (or a
 * redelivery from GitHub's app settings, or the periodic sweep) evaluates it again.
 */
import { jobKey, mergeJobs, type EvaluationJob } from './evaluation-job.js';
import type { LookupJob, LookupRunner } from './lookup-job.js';
import { PullLanes } from './pull-lanes.js';
import type { JobRunner, QueueLog, QueueStats, WorkQueue } from './work-queue.js';

export class InProcessQueue implements WorkQueue {
  readonly kind = 'in-process' as const;
  readonly #lanes = new PullLanes();
  /** Jobs not yet started, merged per pull request. */
  readonly #waiting = new Map<string, EvaluationJob>();
  readonly #inFlight = new Set<Promise<void>>();
  #runner: JobRunner | null = null;
  #lookUp: LookupRunner | null = null;
  /** Each lookup gets a lane of its own: lookups only read, and the evaluations they enqueue are serialised per pull request. */
  #lookups = 0;

  /** Jobs never leave this process, so none can come back malformed and the log is not needed. */
  start(runner: JobRunner, _log?: QueueLog, lookUp?: LookupRunner): void {
    this.#runner = runner;
    this.#lookUp = lookUp ?? null;
  }

  async enqueueLookup(job: LookupJob): Promise<void> {
    const lookUp = this.#lookUp;
    if (!lookUp) throw new Error('the work queue has not been started with a lookup runner');
    this.#lookups += 1;
    this.#track(this.#lanes.run(`lookup ${this.#lookups}`, () => lookUp(job)));
  }

  async enqueue(job: EvaluationJob): Promise<void> {
    const runner = this.#runner;
    if (!runner) throw new Error('the work queue has not been started');
    const key = jobKey(job);
    const waiting = this.#waiting.get(key);
    this.#waiting.set(key, waiting ? mergeJobs(waiting, job) : job);
    this.#track(
      this.#lanes.run(key, async () => {
        const next = this.#waiting.get(key);
        if (!next) return; // an earlier follow-up already took it
        this.#waiting.delete(key);
        await runner(next);
      }),
    );
  }

  #track(running: Promise<void>): void {
    // The runner logs its own failures; a failed job must not become an unhandled rejection.
    const run = running.catch(() => undefined);
    this.#inFlight.add(run);
    void run.finally(() => this.#inFlight.delete(run));
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async stats(): Promise<QueueStats> {
    const now = Date.now();
    const ages = [...this.#waiting.values()].map((job) => (now - Date.parse(job.receivedAt)) / 1000);
    return { depth: this.#lanes.size, oldestAgeSeconds: Math.max(0, ...ages) };
  }

  async healthy(): Promise<boolean> {
    return this.#runner !== null;
  }

  async close(): Promise<void> {
    await this.idle();
  }
}
