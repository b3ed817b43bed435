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

const VARIABLES = {
  pinnedEntries: 'READINESS_CACHE_MAX_ENTRIES',
  pinnedMegabytes: 'READINESS_CACHE_MAX_MB',
  conditionalEntries: 'READINESS_ETAG_CACHE_MAX_ENTRIES',
  conditionalMegabytes: 'READINESS_ETAG_CACHE_MAX_MB',
} as const;

export type CacheSettingsResult = { ok: true; settings: RequestCacheSettings } | { ok: false; message: string };

export function cacheSettingsFromEnv(env: Record<string, string | undefined>): CacheSettingsResult {
  const problems: string[] = [];
  const read = (name: string, fallback: number, scale = 1): number => {
    const text = env[name]?.trim();
    if (text === undefined || text === '') return fallback;
    // Whole numbers only: "64MB" or "1e3" would be guesses.
    if (!/^\d+$/.test(text)) {
      problems.push(`${name} must be a whole number ≥ 0, not "${text}"`);
      return fallback;
    }
    return Number(text) * scale;
  };
  const mb = 1024 * 1024;
  const settings: RequestCacheSettings = {
    pinned: {
      maxEntries: read(VARIABLES.pinnedEntries, DEFAULT_CACHE_SETTINGS.pinned.maxEntries),
      maxBytes: read(VARIABLES.pinnedMegabytes, DEFAULT_CACHE_SETTINGS.pinned.maxBytes, mb),
    },
    conditional: {
      maxEntries: read(VARIABLES.conditionalEntries, DEFAULT_CACHE_SETTINGS.conditional.maxEntries),
      maxBytes: read(VARIABLES.conditionalMegabytes, DEFAULT_CACHE_SETTINGS.conditional.maxBytes, mb),
    },
  };
  return problems.length > 0 ? { ok: false, message: `readiness-gate: ${problems.join('; ')}.` } : { ok: true, settings };
}
