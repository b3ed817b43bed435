/**
 * A request cache for the app's Octokit, as an Octokit plugin around its
 * `request` hook (outside retry and throttling, so a cached answer waits for
 * nothing). Two kinds of GET are saved:
 *
 * - answers pinned to a SHA (pinned-urls.ts) are kept in a bounded LRU and
 *   served again without asking GitHub, a 404 for a file missing at a commit
 *   included;
 * - every other GET is remembered with its ETag (or Last-Modified) in a second
 *   bounded LRU and asked again conditionally: on 304, which GitHub does not
 *   count against the rate limit, the caller gets the remembered body as 200.
 *
 * Keys carry the token's scope (the installation), the full URL and the
 * headers that choose the representation, so one installation never sees what
 * another was allowed to read. Writes are never cached and never conditional.
 */
import { createHash } from 'node:crypto';
import { RequestError } from '@octokit/request-error';
import { LRUCache } from 'lru-cache';
import type { ProbotOctokit } from 'probot';
import { isNotFound, statusOf } from '../github/http-status.js';
import { DEFAULT_CACHE_SETTINGS, type CacheBudget, type RequestCacheSettings } from './cache-settings.js';
import { isLastingNotFound, isPinned } from './pinned-urls.js';

/** How a request was answered, for metrics: from memory, by a 304, or in full by GitHub. */
export type CacheOutcome = 'hit' | 'not-modified' | 'miss';

const outcomes = new WeakMap<object, CacheOutcome>();

/** The outcome the cache recorded for a response (or a thrown error); undefined when it played no part. */
export function cacheOutcome(result: unknown): CacheOutcome | undefined {
  return typeof result === 'object' && result !== null ? outcomes.get(result) : undefined;
}

function mark<T extends object>(result: T, outcome: CacheOutcome): T {
  outcomes.set(result, outcome);
  return result;
}

type Headers = Record<string, string | number | undefined>;

/** Octokit's own plugin type, and the instance a plugin is given (as Probot's Octokit declares them). */
type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];
type PluginHost = Parameters<OctokitPlugin>[0];
type EndpointOptions = Required<Parameters<PluginHost['request']['endpoint']['parse']>[0]>;
type Response = Awaited<ReturnType<PluginHost['request']>>;
type RequestFunction = (options: EndpointOptions) => Response | Promise<Response>;

interface Remembered {
  status: number;
  url: string;
  headers: Headers;
  /** JSON text: its length is what the entry costs, and parsing it gives every caller a copy of its own. */
  body: string;
  /** The message of a remembered 404. */
  message?: string;
  bytes: number;
}

interface Revalidatable extends Remembered {
  validator: { 'if-none-match': string } | { 'if-modified-since': string };
  /** A full page with no next page: a 304 for it would hide items added on a page after it. */
  fullLastPage: boolean;
}

/** Per-request numbers GitHub sends; replaying old ones would mislead whoever reads them. */
const VOLATILE_HEADER = /^(?:x-ratelimit-|date$|content-length$|x-github-request-id$)/;

export class RequestCache {
  readonly #pinned: LRUCache<string, Remembered> | null;
  readonly #conditional: LRUCache<string, Revalidatable> | null;

  constructor(settings: RequestCacheSettings = DEFAULT_CACHE_SETTINGS) {
    this.#pinned = lru<Remembered>(settings.pinned);
    this.#conditional = lru<Revalidatable>(settings.conditional);
  }

  /** Entries held, for tests and diagnosis. */
  get sizes(): { pinned: number; conditional: number } {
    return { pinned: this.#pinned?.size ?? 0, conditional: this.#conditional?.size ?? 0 };
  }

  /** The Octokit plugin (`Octokit.plugin(cache.plugin)`): one cache shared by every client of the class. */
  readonly plugin = (octokit: PluginHost, options: { auth?: unknown }): void => {
    const scope = scopeOf(options.auth);
    // A client that is no installation (the app's own JWT client) reads nothing worth keeping.
    if (scope === undefined) return;
    octokit.hook.wrap('request', (request, endpoint) => this.#request(scope, octokit, request, endpoint));
  };

  async #request(scope: string, octokit: PluginHost, request: RequestFunction, options: EndpointOptions): Promise<Response> {
    const { method, url, headers } = octokit.request.endpoint.parse(options);
    if (method !== 'GET') return request(options);
    // A streamed body cannot be kept; conditions the caller set itself are the caller's business.
    if (options.request?.parseSuccessResponseBody === false) return request(options);
    if (headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined) return request(options);
    // The representation depends on these headers, the visibility on the token's scope.
    const key = [scope, url, `accept: ${String(headers.accept ?? '')}`, `api-version: ${String(headers['x-github-api-version'] ?? '')}`].join('\n');
    if (isPinned(url)) return this.#pinned ? this.#pinnedRequest(this.#pinned, key, url, request, options) : request(options);
    return this.#conditional ? this.#conditionalRequest(this.#conditional, key, url, request, options) : request(options);
  }

  async #pinnedRequest(cache: LRUCache<string, Remembered>, key: string, url: string, request: RequestFunction, options: EndpointOptions): Promise<Response> {
    const remembered = cache.get(key);
    if (remembered) {
      if (remembered.status === 404) throw mark(notFoundAgain(remembered, options), 'hit');
      return mark(replay(remembered), 'hit');
    }
    try {
      const response = await request(options);
      const entry = remember(key, response);
      if (entry) cache.set(key, entry);
      return mark(response, 'miss');
    } catch (error) {
      if (isNotFound(error) && error instanceof RequestError && error.response) {
        const message = (error.response.data as { message?: unknown } | undefined)?.message;
        const entry = isLastingNotFound(url, message) ? remember(key, { ...error.response, status: 404 }, String(message)) : undefined;
        if (entry) cache.set(key, entry);
      }
      throw error;
    }
  }

  async #conditionalRequest(cache: LRUCache<string, Revalidatable>, key: string, url: string, request: RequestFunction, options: EndpointOptions): Promise<Response> {
    const remembered = cache.get(key);
    const conditional = remembered !== undefined && !remembered.fullLastPage;
    // The hooks inside this one (retry, throttling, auth) were bound to this very options object
    // (before-after-hook), so the condition is set on it rather than on a copy.
    if (conditional) options.headers = { ...options.headers, ...remembered.validator };
    try {
      const response = await request(options);
      const entry = revalidatable(key, url, response);
      if (entry) cache.set(key, entry);
      else cache.delete(key);
      return mark(response, 'miss');
    } catch (error) {
      if (statusOf(error) === 304 && conditional) {
        const fresh = (error as RequestError).response?.headers ?? {};
        return mark(replay(remembered, fresh as Headers), 'not-modified');
      }
      // Gone, forbidden or failing: what was remembered is no longer known to be current.
      cache.delete(key);
      throw error;
    }
  }
}

function lru<V extends { bytes: number }>(budget: CacheBudget): LRUCache<string, V> | null {
  if (budget.maxEntries <= 0 || budget.maxBytes <= 0) return null;
  // One answer may take at most a quarter of the budget, so a single huge file cannot flush the rest.
  return new LRUCache<string, V>({ max: budget.maxEntries, maxSize: budget.maxBytes, maxEntrySize: Math.max(1, Math.floor(budget.maxBytes / 4)), sizeCalculation: (value) => value.bytes });
}

/**
 * The scope a token can see: the installation it was issued for, or (a client
 * built from a plain token) the token itself, hashed so it is never kept.
 */
function scopeOf(auth: unknown): string | undefined {
  if (typeof auth === 'string' && auth !== '') return `token:${sha256(auth)}`;
  if (typeof auth !== 'object' || auth === null) return undefined;
  const { installationId, token } = auth as { installationId?: unknown; token?: unknown };
  if (typeof installationId === 'number' || (typeof installationId === 'string' && installationId !== '')) return `installation:${String(installationId)}`;
  if (typeof token === 'string' && token !== '') return `token:${sha256(token)}`;
  return undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** An entry for a JSON (or text) answer; undefined for bodies that are bytes. */
function remember(key: string, response: Response, message?: string): Remembered | undefined {
  if (response.data instanceof ArrayBuffer || ArrayBuffer.isView(response.data) || response.data instanceof ReadableStream) return undefined;
  const body = JSON.stringify(response.data ?? null);
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !VOLATILE_HEADER.test(name)));
  const bytes = Buffer.byteLength(body) + Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(headers));
  return { status: response.status, url: response.url, headers, body, bytes, ...(message === undefined ? {} : { message }) };
}

function revalidatable(key: string, url: string, response: Response): Revalidatable | undefined {
  if (response.status !== 200) return undefined;
  const etag = response.headers.etag;
  const lastModified = response.headers['last-modified'];
  // Last-Modified has one-second resolution (an edit within that second would answer 304), so an ETag is preferred.
  const validator = typeof etag === 'string' && etag !== '' ? { 'if-none-match': etag } : typeof lastModified === 'string' && lastModified !== '' ? { 'if-modified-since': lastModified } : undefined;
  const entry = validator ? remember(key, response) : undefined;
  return entry && validator ? { ...entry, validator, fullLastPage: isFullLastPage(url, response) } : undefined;
}

/**
 * GitHub's ETag covers the body, not the Link header: when a list's last page
 * is full, an item added later starts a new page and leaves this one (and its
 * ETag) unchanged, so its 304 would hide the new item. Such a page is asked
 * for unconditionally.
 */
function isFullLastPage(url: string, response: Response): boolean {
  if (!Array.isArray(response.data)) return false;
  if (/\brel="next"/.test(String(response.headers.link ?? ''))) return false;
  const requested = Number(new URL(url).searchParams.get('per_page') ?? 30);
  const pageSize = Math.min(Number.isFinite(requested) && requested > 0 ? requested : 30, 100);
  return response.data.length >= pageSize;
}

function replay(remembered: Remembered, fresh: Headers = {}): Response {
  const current = Object.fromEntries(Object.entries(fresh).filter(([name]) => name !== 'content-length' && name !== 'content-type'));
  return { status: 200, url: remembered.url, headers: { ...remembered.headers, ...current }, data: JSON.parse(remembered.body) as unknown };
}

function notFoundAgain(remembered: Remembered, options: EndpointOptions): RequestError {
  return new RequestError(remembered.message ?? 'Not Found', 404, {
    request: { method: 'GET', url: remembered.url, headers: options.headers as Record<string, string> },
    response: { status: 404, url: remembered.url, headers: remembered.headers as Record<string, string>, data: JSON.parse(remembered.body) as unknown },
  });
}
