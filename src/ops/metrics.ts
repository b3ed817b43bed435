/**
 * Prometheus metrics (prom-client), on a registry of the app's own so that
 * several app instances in one process (tests) do not collide.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { cacheOutcome, type CacheOutcome } from '../cache/request-cache.js';
import type { GitHubClient } from '../github/client.js';
import { statusOf } from '../github/http-status.js';
import type { WorkQueue } from '../queue/work-queue.js';
import type { Scheduler } from '../schedule/scheduler.js';
import type { SweepReport } from '../schedule/sweep.js';

const PREFIX = 'readiness_gate_';

export class Metrics {
  readonly registry = new Registry();
  readonly #events = new Counter({ name: `${PREFIX}events_received_total`, help: 'Webhook events received, by event and action.', labelNames: ['event'], registers: [this.registry] });
  readonly #evaluations = new Counter({
    name: `${PREFIX}evaluations_total`,
    help: 'Evaluations run, by outcome (a verdict conclusion, no-contract, closed, contract-error, contract-unavailable or error).',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly #verdicts = new Counter({ name: `${PREFIX}verdicts_total`, help: 'Verdicts reached, by conclusion.', labelNames: ['conclusion'], registers: [this.registry] });
  readonly #duration = new Histogram({
    name: `${PREFIX}evaluation_duration_seconds`,
    help: 'Time one evaluation takes, GitHub requests included.',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly #eventToCheck = new Histogram({
    name: `${PREFIX}event_to_check_seconds`,
    help: 'Time from receiving an event to publishing its evaluation (queue wait included).',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly #requests = new Counter({ name: `${PREFIX}github_requests_total`, help: 'GitHub API requests, by method and status.', labelNames: ['method', 'status'], registers: [this.registry] });
  readonly #rateLimit = new Gauge({ name: `${PREFIX}github_rate_limit_remaining`, help: 'Requests left in the current GitHub rate-limit window, as last seen.', registers: [this.registry] });
  readonly #cacheHits = new Counter({ name: `${PREFIX}github_cache_hits_total`, help: 'GitHub reads answered from memory without a request (answers pinned to a SHA).', registers: [this.registry] });
  readonly #cacheMisses = new Counter({ name: `${PREFIX}github_cache_misses_total`, help: 'Cacheable GitHub reads that GitHub answered in full.', registers: [this.registry] });
  readonly #notModified = new Counter({ name: `${PREFIX}github_not_modified_total`, help: 'Conditional GitHub reads answered 304 (the remembered body was used; not counted against the rate limit).', registers: [this.registry] });
  readonly #errors = new Counter({ name: `${PREFIX}errors_total`, help: 'Failed evaluations and pull-request lookups, by kind (github_<status>, timeout or internal).', labelNames: ['kind'], registers: [this.registry] });

  readonly #scheduled = new Counter({
    name: `${PREFIX}reevaluations_scheduled_total`,
    help: 'Re-evaluations scheduled or moved to a new instant because time alone will change a verdict.',
    registers: [this.registry],
  });
  readonly #lateness = new Histogram({
    name: `${PREFIX}reevaluation_lateness_seconds`,
    help: 'Time from the instant a re-evaluation was scheduled for to publishing its verdict.',
    buckets: [1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
    registers: [this.registry],
  });
  readonly #sweeps = new Counter({ name: `${PREFIX}sweeps_total`, help: 'Sweeps of open pull requests, by outcome (ok or failed).', labelNames: ['outcome'], registers: [this.registry] });
  readonly #sweepDuration = new Histogram({
    name: `${PREFIX}sweep_duration_seconds`,
    help: 'Time one sweep takes to list installations, repositories and open pull requests and queue them (not their evaluations).',
    buckets: [1, 5, 10, 30, 60, 300, 900, 1800, 3600],
    registers: [this.registry],
  });
  readonly #sweepRequests = new Counter({ name: `${PREFIX}sweep_requests_total`, help: 'GitHub requests sent by sweeps themselves (not by the evaluations they queue).', registers: [this.registry] });
  readonly #sweepPulls = new Counter({ name: `${PREFIX}sweep_pulls_total`, help: 'Open pull requests sweeps queued for evaluation.', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  /** Queue depth and age are read from the queue when Prometheus scrapes. */
  watchQueue(queue: WorkQueue): void {
    const registry = this.registry;
    new Gauge({
      name: `${PREFIX}queue_depth`,
      help: 'Pull requests waiting for or in evaluation.',
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        this.set({ queue: queue.kind }, (await queue.stats()).depth);
      },
    });
    new Gauge({
      name: `${PREFIX}queue_oldest_age_seconds`,
      help: 'How long the oldest waiting job has waited.',
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        this.set({ queue: queue.kind }, (await queue.stats()).oldestAgeSeconds);
      },
    });
  }

  /** Schedules waiting are read from the scheduler when Prometheus scrapes. */
  watchScheduler(scheduler: Scheduler): void {
    new Gauge({
      name: `${PREFIX}reevaluations_pending`,
      help: 'Re-evaluations scheduled and not yet due.',
      labelNames: ['scheduler'],
      registers: [this.registry],
      async collect() {
        this.set({ scheduler: scheduler.kind }, await scheduler.pending());
      },
    });
  }

  reevaluationScheduled(): void {
    this.#scheduled.inc();
  }

  /** A scheduled re-evaluation published its verdict `now`; it was due at `scheduledFor`. */
  reevaluationPublished(scheduledFor: string, now: Date): void {
    const seconds = (now.getTime() - Date.parse(scheduledFor)) / 1000;
    if (Number.isFinite(seconds)) this.#lateness.observe(Math.max(0, seconds));
  }

  sweepFinished(report: SweepReport | null, seconds: number): void {
    this.#sweeps.inc({ outcome: report ? 'ok' : 'failed' });
    this.#sweepDuration.observe(seconds);
    if (!report) return;
    this.#sweepRequests.inc(report.requests);
    this.#sweepPulls.inc(report.pulls);
  }

  eventReceived(event: string): void {
    this.#events.inc({ event });
  }

  /** Returns the function that ends the timing, with the outcome. */
  evaluationStarted(): (outcome: string) => void {
    const end = this.#duration.startTimer();
    return (outcome) => {
      end();
      this.#evaluations.inc({ outcome });
      if (outcome === 'success' || outcome === 'failure' || outcome === 'neutral') this.#verdicts.inc({ conclusion: outcome });
    };
  }

  checkPublished(receivedAt: string, now: Date): void {
    const seconds = (now.getTime() - Date.parse(receivedAt)) / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) this.#eventToCheck.observe(seconds);
  }

  failed(error: unknown): void {
    const status = statusOf(error);
    const kind = status !== undefined ? `github_${status}` : error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'internal';
    this.#errors.inc({ kind });
  }

  /**
   * Counts the client's requests and keeps the last rate-limit figure GitHub
   * sent. An answer from the request cache (src/cache/) sent no request; one
   * revalidated by a 304 is counted as the 304 it was.
   */
  instrument(github: GitHubClient): GitHubClient {
    github.hook.after('request', (response, options) => {
      const outcome = cacheOutcome(response);
      this.#recordCache(outcome);
      if (outcome === 'hit') return;
      this.#requests.inc({ method: options.method, status: outcome === 'not-modified' ? '304' : String(response.status) });
      this.#recordRateLimit(response.headers);
    });
    github.hook.error('request', (error, options) => {
      const outcome = cacheOutcome(error);
      this.#recordCache(outcome);
      if (outcome === 'hit') throw error;
      this.#requests.inc({ method: options.method, status: String(statusOf(error) ?? 'error') });
      this.#recordRateLimit((error as { response?: { headers?: Record<string, unknown> } }).response?.headers);
      throw error;
    });
    return github;
  }

  #recordCache(outcome: CacheOutcome | undefined): void {
    if (outcome === 'hit') this.#cacheHits.inc();
    else if (outcome === 'miss') this.#cacheMisses.inc();
    else if (outcome === 'not-modified') this.#notModified.inc();
  }

  #recordRateLimit(headers: Record<string, unknown> | undefined): void {
    const remaining = Number(headers?.['x-ratelimit-remaining']);
    if (Number.isFinite(remaining)) this.#rateLimit.set(remaining);
  }
}
