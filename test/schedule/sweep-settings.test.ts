import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SWEEP_INTERVAL_MS, sweepIntervalFromEnv } from '../../src/schedule/sweep-settings.js';

describe('READINESS_SWEEP_INTERVAL', () => {
  it('sweeps hourly by default without Redis, and not at all with it (schedules live in Redis)', () => {
    expect(sweepIntervalFromEnv({})).toEqual({ ok: true, intervalMs: DEFAULT_SWEEP_INTERVAL_MS });
    expect(DEFAULT_SWEEP_INTERVAL_MS).toBe(3_600_000);
    expect(sweepIntervalFromEnv({ REDIS_URL: 'redis://r:6379' })).toEqual({ ok: true, intervalMs: null });
  });

  it('reads seconds, or a number with s, m or h, and 0 or off to switch it off', () => {
    const read = (value: string) => sweepIntervalFromEnv({ READINESS_SWEEP_INTERVAL: value });
    expect([read('900'), read('90s'), read('30m'), read(' 2H '), read('0'), read('off')]).toEqual([
      { ok: true, intervalMs: 900_000 },
      { ok: true, intervalMs: 90_000 },
      { ok: true, intervalMs: 1_800_000 },
      { ok: true, intervalMs: 7_200_000 },
      { ok: true, intervalMs: null },
      { ok: true, intervalMs: null },
    ]);
    expect(sweepIntervalFromEnv({ READINESS_SWEEP_INTERVAL: '1h', REDIS_URL: 'redis://r:6379' })).toEqual({ ok: true, intervalMs: 3_600_000 });
  });

  it('refuses a value it would have to guess at, or one too short or too long for a timer, naming the variable', () => {
    for (const value of ['hourly', '1.5h', '-60', '10s', '59', '25d', '30 days', '100000h']) {
      const result = sweepIntervalFromEnv({ READINESS_SWEEP_INTERVAL: value });
      expect([value, result.ok]).toEqual([value, false]);
      if (!result.ok) expect(result.message).toContain('READINESS_SWEEP_INTERVAL');
    }
  });
});
