/**
 * The Octokit every event gets: Probot's (retry, throttling, pagination,
 * config), tuned for a gate. Octokit's retry plugin retries 5xx answers and
 * timeouts with backoff; its throttling plugin waits out primary and secondary
 * rate limits (`retry-after`). Both give up after a few attempts, so an
 * evaluation fails, and says so on the check, instead of hanging for an hour.
 */
import { ProbotOctokit } from 'probot';
import type { RequestCache } from '../cache/request-cache.js';

export interface GitHubClientSettings {
  /** Attempts after the first for 5xx answers and timeouts. */
  retries?: number;
  /** Rate-limit waits accepted per request; a longer wait than `maxRateLimitWaitSeconds` is not accepted at all. */
  rateLimitRetries?: number;
  maxRateLimitWaitSeconds?: number;
  /** Milliseconds one unit of backoff or `retry-after` lasts: 1000 in production, tiny in tests. */
  retryAfterBaseValue?: number;
  /** A request that has not answered after this long is aborted (and then retried). */
  timeoutMs?: number;
  /** The fetch underneath (tests record requests there). */
  fetch?: typeof fetch;
  /** Answers pinned to a SHA and ETags, shared by every client of the class (src/cache/). */
  cache?: RequestCache;
}

export function createGitHubClientClass(settings: GitHubClientSettings = {}): typeof ProbotOctokit {
  const Client = settings.cache ? ProbotOctokit.plugin(settings.cache.plugin) : ProbotOctokit;
  return Client.defaults(clientOptionsTuner(settings));
}

/**
 * The options function behind the class: Probot's options go in, the tuned
 * ones come out. The function form is needed because Probot merges an
 * object's `throttle` only shallowly (Probot issue #2039). What Probot put
 * there is kept: the installation id (writes are paced per installation) and,
 * with REDIS_URL, the Redis connection that shares the pacing between replicas.
 */
export function clientOptionsTuner(settings: GitHubClientSettings = {}): (options: Record<string, unknown>) => Record<string, unknown> {
  const { retries = 3, rateLimitRetries = 2, maxRateLimitWaitSeconds = 120, retryAfterBaseValue = 1000, timeoutMs = 30_000 } = settings;
  const underlying = settings.fetch ?? fetch;
  const fetchWithTimeout: typeof fetch = (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return underlying(input, { ...init, signal });
  };
  const acceptWait = (retryAfter: number, _options: unknown, octokit: { log: { warn: (m: string) => void } }, retryCount: number): boolean => {
    const retry = retryCount < rateLimitRetries && retryAfter <= maxRateLimitWaitSeconds;
    octokit.log.warn(`GitHub rate limit hit; ${retry ? `retrying in ${retryAfter} s` : 'giving up'} (attempt ${retryCount + 1})`);
    return retry;
  };
  return (options) => ({
    ...options,
    request: { ...(options.request as object), fetch: fetchWithTimeout },
    retry: { ...(options.retry as object), retries, retryAfterBaseValue },
    throttle: { ...(options.throttle as object), enabled: true, retryAfterBaseValue, onRateLimit: acceptWait, onSecondaryRateLimit: acceptWait },
  });
}
