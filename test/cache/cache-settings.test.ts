import { describe, expect, it } from '@jest/globals';
import { cacheSettingsFromEnv, DEFAULT_CACHE_SETTINGS } from '../../src/cache/cache-settings.js';

describe('cache budgets from the environment', () => {
  it('uses the defaults when nothing is set', () => {
    expect(cacheSettingsFromEnv({})).toEqual({ ok: true, settings: DEFAULT_CACHE_SETTINGS });
  });

  it('reads entries and megabytes for each part', () => {
    const result = cacheSettingsFromEnv({
      READINESS_CACHE_MAX_ENTRIES: '500',
      READINESS_CACHE_MAX_MB: '8',
      READINESS_ETAG_CACHE_MAX_ENTRIES: '0',
      READINESS_ETAG_CACHE_MAX_MB: ' 2 ',
    });
    expect(result).toEqual({
      ok: true,
      settings: { pinned: { maxEntries: 500, maxBytes: 8 * 1024 * 1024 }, conditional: { maxEntries: 0, maxBytes: 2 * 1024 * 1024 } },
    });
  });

  it('refuses what is not a whole number, naming each variable', () => {
    const result = cacheSettingsFromEnv({ READINESS_CACHE_MAX_MB: '64MB', READINESS_ETAG_CACHE_MAX_ENTRIES: '-1' });
    expect(result).toEqual({
      ok: false,
      message: 'readiness-gate: READINESS_CACHE_MAX_MB must be a whole number ≥ 0, not "64MB"; READINESS_ETAG_CACHE_MAX_ENTRIES must be a whole number ≥ 0, not "-1".',
    });
  });
});
