/**
 * The default scheduler: one timer per subject in this process. Schedules do
 * not survive a restart; the periodic sweep (sweep.ts) evaluates every open
 * pull request again, and each evaluation schedules its next instant anew.
 */
import { MAX_TIMER_DELAY_MS, systemClock, type Clock } from './clock.js';
import { SCHEDULE_GRACE_MS, type DueRunner, type Scheduler, type SchedulerLog } from './scheduler.js';
import { subjectKey, type ScheduleSubject } from './subject.js';

export interface InProcessSchedulerOptions {
  clock?: Clock;
  graceMs?: number;
}

interface Entry {
  subject: ScheduleSubject;
  at: string;
  timer: unknown;
}

export class InProcessScheduler implements Scheduler {
  readonly kind = 'in-process' as const;
  readonly #clock: Clock;
  readonly #graceMs: number;
  readonly #entries = new Map<string, Entry>();
  #onDue: DueRunner | null = null;
  #log: SchedulerLog | null = null;

  constructor(options: InProcessSchedulerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#graceMs = options.graceMs ?? SCHEDULE_GRACE_MS;
  }

  start(onDue: DueRunner, log: SchedulerLog): void {
    this.#onDue = onDue;
    this.#log = log;
  }

  async set(subject: ScheduleSubject, at: string | null): Promise<boolean> {
    const key = subjectKey(subject);
    const current = this.#entries.get(key);
    if ((current?.at ?? null) === at) return false;
    if (current) this.#clock.clearTimeout(current.timer);
    this.#entries.delete(key);
    if (at === null) return true;
    const due = Date.parse(at);
    if (!Number.isFinite(due)) throw new Error(`not an instant: ${at}`);
    const entry: Entry = { subject, at, timer: null };
    this.#entries.set(key, entry);
    this.#arm(key, entry, due + this.#graceMs);
    return true;
  }

  /** Waits for `fireAt`, in steps no longer than a timer can take. */
  #arm(key: string, entry: Entry, fireAt: number): void {
    const delay = Math.max(0, fireAt - this.#clock.now());
    entry.timer = this.#clock.setTimeout(() => {
      if (this.#entries.get(key) !== entry) return;
      if (this.#clock.now() < fireAt) {
        this.#arm(key, entry, fireAt);
        return;
      }
      this.#entries.delete(key);
      void this.#fire(entry);
    }, Math.min(delay, MAX_TIMER_DELAY_MS));
  }

  async #fire(entry: Entry): Promise<void> {
    const onDue = this.#onDue;
    if (!onDue) {
      this.#log?.warn({ at: entry.at }, 'a re-evaluation came due before the scheduler was started');
      return;
    }
    try {
      await onDue(entry.subject, entry.at);
    } catch (error) {
      this.#log?.error({ err: error, subject: subjectKey(entry.subject), at: entry.at }, 'could not start a scheduled re-evaluation');
    }
  }

  async pending(): Promise<number> {
    return this.#entries.size;
  }

  async close(): Promise<void> {
    for (const entry of this.#entries.values()) this.#clock.clearTimeout(entry.timer);
    this.#entries.clear();
  }
}
