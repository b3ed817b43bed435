/**
 * Where "re-evaluate this at that instant" waits: an in-process timer by
 * default, a BullMQ delayed job with REDIS_URL. A scheduler only remembers
 * instants; when one is due it hands the subject back, and the app enqueues
 * the evaluation through the ordinary work queue (coalescing, one evaluation
 * per pull request at a time).
 */
import type { ScheduleSubject } from './subject.js';

/** The event name of a re-evaluation that time asked for; its `receivedAt` is the instant it was due. */
export const SCHEDULED_EVENT = 'schedule';

/** Called when a subject's instant has come; `at` is the instant it was scheduled for (ISO). */
export type DueRunner = (subject: ScheduleSubject, at: string) => Promise<void>;

export interface SchedulerLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface Scheduler {
  readonly kind: 'in-process' | 'redis';
  /** Schedules `subject` for `at` (ISO), replacing its earlier instant; `null` clears it. Resolves whether anything changed. */
  set(subject: ScheduleSubject, at: string | null): Promise<boolean>;
  /** Starts handing due subjects to `onDue`. */
  start(onDue: DueRunner, log: SchedulerLog): void;
  /** Schedules waiting (for the metrics). */
  pending(): Promise<number>;
  close(): Promise<void>;
}

/**
 * How long after the instant a re-evaluation runs. The verdict changes *at*
 * the instant, so evaluating a little later is always on the right side of it,
 * even when a timer fires a millisecond early or two replicas' clocks differ
 * slightly; it stays far inside the 60 seconds the app promises.
 */
export const SCHEDULE_GRACE_MS = 1_000;
