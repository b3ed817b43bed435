import { describe, expect, it } from '@jest/globals';
import { ageWindow, COMMIT_CLOCK_SKEW_MS, DAY_MS, signoffWindow, waiverWindow, warningWindow } from '../../src/evaluate/time-rules.js';

const CHANGED = Date.parse('2026-05-01T10:00:00Z');
const at = (ms: number) => new Date(ms);
const INVALID = new Date(Number.NaN);

describe('time rules: whether each holds, and until when', () => {
  it('a waiver or sign-off holds up to, not including, its expiry, and never again', () => {
    const expiry = Date.parse('2026-06-04T00:00:00Z');
    expect(waiverWindow(expiry, at(expiry - 1))).toEqual({ holds: true, changesAt: expiry });
    expect(waiverWindow(expiry, at(expiry))).toEqual({ holds: false, changesAt: null });
    expect(signoffWindow('2026-05-26T00:00:00Z', 10, at(expiry))).toEqual({ holds: true, changesAt: expiry + DAY_MS });
    expect(signoffWindow('2026-05-26T00:00:00Z', 10, at(expiry + DAY_MS))).toEqual({ holds: false, changesAt: null });
  });

  it('a gap is a warning until UTC midnight of enforce_from; an unreadable date never makes one', () => {
    const midnight = Date.parse('2026-06-15T00:00:00Z');
    expect(warningWindow('2026-06-15', at(midnight - 1))).toEqual({ holds: true, changesAt: midnight });
    expect(warningWindow('2026-06-15', at(midnight))).toEqual({ holds: false, changesAt: null });
    expect(warningWindow('15 June 2026', at(0))).toEqual({ holds: false, changesAt: null });
    expect(warningWindow(undefined, at(0))).toEqual({ holds: false, changesAt: null });
  });

  it('a file is fresh while at most max_age_days whole days old, and counts from the allowed skew before its date', () => {
    const last = '2026-05-01T10:00:00Z';
    const staleAt = CHANGED + 31 * DAY_MS;
    expect(ageWindow(last, 30, at(staleAt - 1))).toMatchObject({ state: 'fresh', ageDays: 30, changesAt: staleAt });
    expect(ageWindow(last, 30, at(staleAt))).toMatchObject({ state: 'stale', ageDays: 31, changesAt: null });
    const countsFrom = CHANGED - COMMIT_CLOCK_SKEW_MS;
    expect(ageWindow(last, 30, at(countsFrom - 1))).toMatchObject({ state: 'future', changesAt: countsFrom });
    expect(ageWindow(last, 30, at(countsFrom))).toMatchObject({ state: 'fresh', changesAt: staleAt });
    expect(ageWindow('yesterday', 30, at(CHANGED))).toMatchObject({ state: 'unknown', changesAt: null });
    expect(ageWindow(undefined, 30, at(CHANGED))).toMatchObject({ state: 'unknown', changesAt: null });
  });

  it('an invalid now lands on the safe side of every rule', () => {
    expect(waiverWindow(CHANGED, INVALID).holds).toBe(false);
    expect(signoffWindow('2026-05-25T00:00:00Z', 10, INVALID).holds).toBe(false);
    expect(warningWindow('2026-06-15', INVALID).holds).toBe(false);
    expect(ageWindow('2026-05-01T10:00:00Z', 30, INVALID).state).toBe('stale');
  });
});
