/**
 * The rules whose outcome depends on the time alone: a waiver's expiry, a
 * sign-off's `expires_after_days`, an evidence file's `max_age_days` (with the
 * clock skew allowed for its commit date) and an item's `enforce_from`.
 *
 * Each rule says whether it holds at `now` and the next instant at which that
 * changes. The verdict uses the first half and its next-change instant the
 * second, so both come from this one definition and cannot drift apart.
 *
 * Every comparison is written so that an invalid `now` (NaN) lands on the safe
 * side: a waiver or sign-off has expired, a file is stale, an item is enforced.
 */

export const DAY_MS = 86_400_000;

/**
 * How far ahead of our clock a commit date may be and still count: machines'
 * clocks drift a little, but a date further ahead was set by hand (commit
 * dates are whatever the author's git says), and a date in the future would
 * keep a file "fresh" for as long as the author likes.
 */
export const COMMIT_CLOCK_SKEW_MS = 5 * 60_000;

export interface TimeWindow {
  holds: boolean;
  /** Milliseconds: the first instant after `now` at which `holds` changes; null when it never does. */
  changesAt: number | null;
}

/** Holds while `now` is before `deadline`, and never again once it is not (time only moves forward). */
function holdsBefore(deadline: number, now: Date): TimeWindow {
  const holds = now.getTime() < deadline;
  return { holds, changesAt: holds ? deadline : null };
}

/** A waiver counts from its comment until `days` days after it. */
export function waiverExpiresAt(grantedAtMs: number, days: number): number {
  return grantedAtMs + days * DAY_MS;
}

export function waiverWindow(expiresAtMs: number, now: Date): TimeWindow {
  return holdsBefore(expiresAtMs, now);
}

/** A sign-off counts until `expires_after_days` days after it was given. */
export function signoffExpiresAt(givenAt: string, expiresAfterDays: number): number {
  return Date.parse(givenAt) + expiresAfterDays * DAY_MS;
}

export function signoffWindow(givenAt: string, expiresAfterDays: number, now: Date): TimeWindow {
  return holdsBefore(signoffExpiresAt(givenAt, expiresAfterDays), now);
}

/** The UTC midnight starting the `enforce_from` day, or null for an unreadable date (enforced at once). */
export function enforcementStart(enforceFrom: string | undefined): number | null {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(enforceFrom ?? '');
  if (!date) return null;
  return Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
}

/** Holds while a gap in the item is only a warning: before its `enforce_from` day. */
export function warningWindow(enforceFrom: string | undefined, now: Date): TimeWindow {
  const start = enforcementStart(enforceFrom);
  return start === null ? { holds: false, changesAt: null } : holdsBefore(start, now);
}

/**
 * How an evidence file's last change stands against `max_age_days`:
 * - `unknown`: no readable date, so it cannot be shown fresh (never changes);
 * - `future`: dated more than the allowed skew ahead of `now` (until that skew is reached);
 * - `fresh`: at most `maxAgeDays` whole days old (until the next whole day would exceed it);
 * - `stale`: older (for ever).
 */
export type AgeState = 'unknown' | 'future' | 'fresh' | 'stale';

export interface AgeWindow {
  state: AgeState;
  /** The last change, in milliseconds (NaN when unknown). */
  changedAt: number;
  /** Whole days since the last change, as shown to people. */
  ageDays: number;
  changesAt: number | null;
}

export function ageWindow(lastChangedAt: string | undefined, maxAgeDays: number, now: Date): AgeWindow {
  const changedAt = lastChangedAt === undefined ? Number.NaN : Date.parse(lastChangedAt);
  const ageDays = Math.floor((now.getTime() - changedAt) / DAY_MS);
  if (!Number.isFinite(changedAt)) return { state: 'unknown', changedAt, ageDays, changesAt: null };
  const countsFrom = changedAt - COMMIT_CLOCK_SKEW_MS;
  if (countsFrom > now.getTime()) return { state: 'future', changedAt, ageDays, changesAt: countsFrom };
  // floor(age in days) <= maxAgeDays exactly while the age is below floor(maxAgeDays) + 1 days.
  const fresh = holdsBefore(changedAt + (Math.floor(maxAgeDays) + 1) * DAY_MS, now);
  return { state: fresh.holds ? 'fresh' : 'stale', changedAt, ageDays, changesAt: fresh.changesAt };
}
