/**
 * Serialises work per pull request and coalesces bursts.
 *
 * Concurrent evaluations of one pull request could both find "no checklist
 * comment yet" and both create one; so one key runs one job at a time. Events
 * that arrive while a job runs collapse into a single follow-up run of the
 * newest job, which sees the latest state on GitHub anyway.
 */
export type Job = () => Promise<void>;

interface Lane {
  running: Promise<void>;
  /** The follow-up run, shared by every event that arrived during the current one. */
  next: { job: Job; done: Promise<void> } | null;
}

export class PullLanes {
  readonly #lanes = new Map<string, Lane>();

  /** Resolves when a run that started after this call has finished (rejects if that run failed). */
  run(key: string, job: Job): Promise<void> {
    const lane = this.#lanes.get(key);
    if (!lane) return this.#start(key, job);
    if (lane.next) {
      lane.next.job = job;
      return lane.next.done;
    }
    const next: Lane['next'] & object = {
      job,
      done: lane.running.catch(() => undefined).then(() => {
        const current = this.#lanes.get(key);
        if (current) current.next = null;
        return this.#start(key, next.job);
      }),
    };
    lane.next = next;
    return next.done;
  }

  /** Keys with a job running or waiting. */
  get size(): number {
    return this.#lanes.size;
  }

  #start(key: string, job: Job): Promise<void> {
    const running = Promise.resolve().then(job);
    const lane: Lane = this.#lanes.get(key) ?? { running, next: null };
    lane.running = running;
    this.#lanes.set(key, lane);
    const cleanup = (): void => {
      const current = this.#lanes.get(key);
      if (current && current.running === running && !current.next) this.#lanes.delete(key);
    };
    running.then(cleanup, cleanup);
    return running;
  }
}
