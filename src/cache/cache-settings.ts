/**
 * How much memory the GitHub request cache may hold, from the environment.
 * Two budgets, each bounded in entries and in bytes: answers pinned to a SHA
 * (kept until evicted) and remembered bodies for conditional requests.
 * `0` entries switches that part off.
 */

export interface CacheBudget {
  maxEntries: number;
  maxBytes: number;
}

export interface RequestCacheSettings {
  pinned: CacheBudget;
  conditional: CacheBudget;
}

export const DEFAULT_CACHE_SETTINGS: RequestCacheSettings = {
  pinned: { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 },
  conditional: { maxEntries: 10_000, maxBytes: 32 * 1024 * 1024 },
};

export type CacheSettingsResult = { ok: true; settings: RequestCacheSettings } | { ok: false; message: string };

export function cacheSettingsFromEnv(env: Record<string, string | undefined>): CacheSettingsResult {
  const problems: string[] = [];
  // The variable's name comes with its value so that a mistake names the variable (and docs/deploy.md's test finds each one).
  const read = (name: string, value: string | undefined, fallback: number, scale = 1): number => {
    const text = value?.trim();
    if (text === undefined || text === '') return fallback;
    // Whole numbers only: "64MB" or "1e3" would be guesses.
    if (!/^\d+$/.test(text)) {
      problems.push(`${name} must be a whole number ≥ 0, not "${text}"`);
      return fallback;
    }
    return Number(text) * scale;
  };
  const mb = 1024 * 1024;
  const { pinned, conditional } = DEFAULT_CACHE_SETTINGS;
  const settings: RequestCacheSettings = {
    pinned: {
      maxEntries: read('READINESS_CACHE_MAX_ENTRIES', env.READINESS_CACHE_MAX_ENTRIES, pinned.maxEntries),
      maxBytes: read('READINESS_CACHE_MAX_MB', env.READINESS_CACHE_MAX_MB, pinned.maxBytes, mb),
    },
    conditional: {
      maxEntries: read('READINESS_ETAG_CACHE_MAX_ENTRIES', env.READINESS_ETAG_CACHE_MAX_ENTRIES, conditional.maxEntries),
      maxBytes: read('READINESS_ETAG_CACHE_MAX_MB', env.READINESS_ETAG_CACHE_MAX_MB, conditional.maxBytes, mb),
    },
  };
  return problems.length > 0 ? { ok: false, message: `readiness-gate: ${problems.join('; ')}.` } : { ok: true, settings };
}
