/**
 * How often the periodic sweep runs, from `READINESS_SWEEP_INTERVAL`: seconds,
 * or a number with `s`, `m` or `h`; `0` or `off` switches it off. By default
 * hourly without Redis, and off with `REDIS_URL`, where schedules live in
 * Redis and every replica would sweep (set it on one replica to catch
 * deliveries GitHub never made).
 */
import { MAX_TIMER_DELAY_MS } from './clock.js';

export const DEFAULT_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export type SweepIntervalResult = { ok: true; intervalMs: number | null } | { ok: false; message: string };

const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000 };

export function sweepIntervalFromEnv(env: Record<string, string | undefined>): SweepIntervalResult {
  const text = env.READINESS_SWEEP_INTERVAL?.trim().toLowerCase();
  if (text === undefined || text === '') return { ok: true, intervalMs: env.REDIS_URL ? null : DEFAULT_SWEEP_INTERVAL_MS };
  if (text === '0' || text === 'off') return { ok: true, intervalMs: null };
  const match = /^(\d+)\s*([smh]?)$/.exec(text);
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 1000) : NaN;
  // Under a minute would sweep faster than GitHub's pacing lets the evaluations it queues finish.
  if (!Number.isSafeInteger(ms) || ms < 60_000 || ms > MAX_TIMER_DELAY_MS) {
    return { ok: false, message: `readiness-gate: READINESS_SWEEP_INTERVAL must be 0, off, or between 60 s and 24 days (like 3600, 30m or 1h), not "${text}".` };
  }
  return { ok: true, intervalMs: ms };
}
