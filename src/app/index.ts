/**
 * The Probot entry point. Handlers only decide *which* pull requests an event
 * can affect and enqueue "re-evaluate pull request #n"; when finding them
 * takes a GitHub request, they enqueue that lookup instead (app/pull-lookup.ts).
 * Workers run both (`evaluatePull` decides everything else), so GitHub gets
 * its answer as soon as the job is recorded, and never a 5xx for GitHub's own failure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, Probot } from 'probot';
import { CONTRACT_PATH } from '../contract/location.js';
import { isBot } from '../github/actors.js';
import type { RepoRef } from '../github/client.js';
import type { HeadPull } from '../github/head-pulls.js';
import { isReadinessCheckName } from '../github/readiness-check.js';
import { operationsRoutes } from '../ops/routes.js';
import { Metrics } from '../ops/metrics.js';
import type { EvaluationJob } from '../queue/evaluation-job.js';
import type { LookupJob, PullLookup } from '../queue/lookup-job.js';
import { InProcessQueue } from '../queue/in-process-queue.js';
import type { WorkQueue } from '../queue/work-queue.js';
import { evaluateDashboard } from './evaluate-dashboard.js';
import { evaluatePull } from './evaluate-pull.js';
import { commentEventHasCommand, hasCommand, mergeGroupPullNumber } from './event-filters.js';
import { appIdentityResolver } from './identity.js';
import { stateKey } from '../publish/state-seal.js';
import { guardDeliveries } from './delivery-guard.js';
import { parsePayload, payloads } from './payloads.js';
import { findPulls, pullsWithoutAsking } from './pull-lookup.js';
import { nextDashboardEvaluation, nextEvaluation, type ScheduleChange } from './next-evaluation.js';
import { systemClock, type Clock } from '../schedule/clock.js';
import { InProcessScheduler } from '../schedule/in-process-scheduler.js';
import { startPeriodicSweep } from '../schedule/periodic-sweep.js';
import { SCHEDULED_EVENT, type Scheduler } from '../schedule/scheduler.js';
import type { ScheduleSubject } from '../schedule/subject.js';
import { sweep } from '../schedule/sweep.js';
import { isNotFound } from '../github/http-status.js';
import { webRoutes } from '../web/routes.js';
import { SessionStore } from '../web/sessions.js';
import { webSettingsFromEnv, type WebSettings } from '../web/settings.js';

export interface AppOptions {
  now?: () => Date;
  /** Where jobs wait; an in-process queue unless given (main.ts passes a Redis queue when REDIS_URL is set). */
  queue?: WorkQueue;
  metrics?: Metrics;
  /** Answer an event only once its evaluation has run: for one-shot runners (the GitHub Actions adapter) that exit after one event. */
  waitForEvaluation?: boolean;
  /** Signs the app's hidden state; defaults to WEBHOOK_SECRET (a random per-process key without one). */
  stateSecret?: string;
  /** Where re-evaluation instants wait; in-process timers unless given (main.ts passes a Redis one with REDIS_URL). */
  scheduler?: Scheduler;
  /** Sweep the open pull requests of installed repositories this often (ms); none unless given (main.ts reads READINESS_SWEEP_INTERVAL). */
  sweepIntervalMs?: number | null;
  /** Timers of the default scheduler and of the sweep, and the time when `now` is not given (tests pass a manual clock). */
  clock?: Clock;
  /** The pages' settings (public URL, GitHub addresses, OAuth client, cookie key); read from the environment unless given. */
  web?: WebSettings;
}

type JobExtras = Pick<EvaluationJob, 'payloadPull' | 'acknowledge' | 'alsoCheck' | 'retargetedFrom'>;

export function readinessGate(options: AppOptions = {}) {
  return (app: Probot, probotOptions?: { addHandler?: (handler: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>) => void }): void => {
    guardDeliveries(app);
    const queue = options.queue ?? new InProcessQueue();
    const metrics = options.metrics ?? new Metrics();
    const identity = appIdentityResolver(app);
    const clock = options.clock ?? systemClock;
    const now = options.now ?? (() => new Date(clock.now()));
    // Delays are measured on the clock the verdicts are judged by, so an instant is never "past" for one and ahead for the other.
    const scheduler = options.scheduler ?? new InProcessScheduler({ clock: { ...clock, now: () => now().getTime() } });
    const stateKeyBytes = stateKey(options.stateSecret ?? process.env.WEBHOOK_SECRET);
    metrics.watchQueue(queue);
    metrics.watchScheduler(scheduler);
    const routes = operationsRoutes(queue, metrics);
    const web = options.web ?? webSettingsFromEnv(process.env);
    const pages = webRoutes({
      settings: web,
      sessions: new SessionStore(() => now().getTime()),
      installationClient: async (repo) => {
        try {
          const { data } = await (await app.auth()).rest.apps.getRepoInstallation(repo);
          return metrics.instrument(await app.auth(data.id));
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      },
      identity,
      stateKey: stateKeyBytes,
      now,
      log: app.log,
    });
    try {
      probotOptions?.addHandler?.(routes);
      probotOptions?.addHandler?.(pages);
    } catch {
      // Loaded without an HTTP server (tests, serverless adapters): there is nothing to serve the routes on.
    }

    /** The worker's half of a lookup: ask GitHub which pull requests the event concerns, then queue each one's evaluation. */
    const lookUp = async (job: LookupJob): Promise<void> => {
      const log = app.log.child({ delivery: job.deliveryId, event: job.event, repository: `${job.repo.owner}/${job.repo.repo}` });
      try {
        const github = metrics.instrument(await app.auth(job.installationId));
        const numbers = await findPulls(github, job.repo, job.find, log);
        for (const number of numbers) {
          const { installationId, deliveryId, event, receivedAt } = job;
          await queue.enqueue({ installationId, ref: { ...job.repo, number }, deliveryId, event, receivedAt });
        }
      } catch (error) {
        metrics.failed(error);
        log.error({ err: error }, 'could not find the pull requests the event concerns');
        throw error;
      }
    };

    queue.start(async (job) => {
      const log = app.log.child({ delivery: job.deliveryId, event: job.event, repository: `${job.ref.owner}/${job.ref.repo}`, pull: job.ref.number });
      const stopTimer = metrics.evaluationStarted();
      try {
        const github = metrics.instrument(await app.auth(job.installationId));
        if (job.dashboard) {
          const repo = { owner: job.ref.owner, repo: job.ref.repo };
          const result = await evaluateDashboard({ github, log, now, identity, stateKey: stateKeyBytes }, { repo, branch: job.dashboard.branch });
          stopTimer(`dashboard-${result.outcome}`);
          if (job.event === SCHEDULED_EVENT) metrics.reevaluationPublished(job.receivedAt, now());
          await scheduleNext({ kind: 'dashboard', installationId: job.installationId, repo }, nextDashboardEvaluation(result), log);
          return;
        }
        const result = await evaluatePull(
          { github, log, now, identity, stateKey: stateKeyBytes, publicUrl: web.publicUrl },
          {
            ref: job.ref,
            ...(job.payloadPull ? { payloadPull: job.payloadPull } : {}),
            ...(job.alsoCheck ? { alsoCheck: job.alsoCheck } : {}),
            ...(job.acknowledge ? { acknowledge: job.acknowledge } : {}),
            ...(job.retargetedFrom ? { retargetedFrom: job.retargetedFrom } : {}),
          },
        );
        stopTimer(result.outcome === 'evaluated' ? result.verdict.conclusion : result.outcome);
        metrics.checkPublished(job.receivedAt, now());
        if (job.event === SCHEDULED_EVENT) metrics.reevaluationPublished(job.receivedAt, now());
        await scheduleNext({ kind: 'pull', installationId: job.installationId, ref: job.ref }, nextEvaluation(result), log);
        // Pull requests that shared a check with this one are judged again, each in its own turn.
        for (const number of result.reevaluate ?? []) {
          await queue.enqueue({ installationId: job.installationId, ref: { ...job.ref, number }, deliveryId: job.deliveryId, event: job.event, receivedAt: now().toISOString() });
        }
      } catch (error) {
        stopTimer('error');
        metrics.failed(error);
        log.error({ err: error }, 'readiness evaluation failed');
        throw error;
      }
    }, app.log, lookUp);

    /** Moves the subject's schedule; a scheduler that fails is logged (the verdict is published already, and the sweep catches up). */
    async function scheduleNext(subject: ScheduleSubject, change: ScheduleChange, log: typeof app.log): Promise<void> {
      if (change === 'keep') return;
      try {
        if ((await scheduler.set(subject, change.at)) && change.at !== null) metrics.reevaluationScheduled();
      } catch (error) {
        metrics.failed(error);
        log.error({ err: error, at: change.at }, 'could not schedule the next re-evaluation');
      }
    }

    // A due instant is an event like any other: it goes through the queue (coalesced, one evaluation per pull request at a time).
    scheduler.start(async (subject, at) => {
      const due = { installationId: subject.installationId, deliveryId: `schedule-${at}`, event: SCHEDULED_EVENT, receivedAt: at };
      if (subject.kind === 'pull') await queue.enqueue({ ...due, ref: subject.ref });
      // A dashboard job (number 0); without a branch it asks GitHub which is the default now.
      else await queue.enqueue({ ...due, ref: { ...subject.repo, number: 0 }, dashboard: {} });
    }, app.log);

    if (options.sweepIntervalMs) {
      startPeriodicSweep(options.sweepIntervalMs, clock, async () => {
        const started = clock.now();
        try {
          const report = await sweep({
            appClient: () => app.auth(),
            installationClient: async (id) => metrics.instrument(await app.auth(id)),
            enqueue: (job) => queue.enqueue(job),
            now,
            log: app.log,
          });
          metrics.sweepFinished(report, (clock.now() - started) / 1000);
          app.log.info({ sweep: report }, 'swept open pull requests');
        } catch (error) {
          metrics.sweepFinished(null, (clock.now() - started) / 1000);
          metrics.failed(error);
          app.log.error({ err: error }, 'the sweep of open pull requests failed');
        }
      });
    }

    /** Records "re-evaluate #number" for a delivery whose envelope (installation, repository) was validated. */
    const reevaluate = async (context: Context, envelope: Envelope, number: number, extras: JobExtras = {}): Promise<void> => {
      await queue.enqueue({
        installationId: envelope.installation.id,
        ref: { ...repoOf(envelope), number },
        deliveryId: context.id,
        event: eventName(context),
        receivedAt: now().toISOString(),
        ...extras,
      });
      if (options.waitForEvaluation) await queue.idle();
    };

    app.onAny(async (context) => {
      metrics.eventReceived(eventName(context as Context));
    });

    app.on(
      [
        'pull_request.opened',
        'pull_request.synchronize',
        'pull_request.reopened',
        'pull_request.labeled',
        'pull_request.unlabeled',
        'pull_request.ready_for_review',
        'pull_request.closed',
      ],
      async (context) => {
        const payload = parsePayload(context, payloads.pullRequest);
        if (!payload) return;
        await reevaluate(context, payload, payload.pull_request.number, { payloadPull: payload.pull_request });
      },
    );

    // Only a change of base branch alters the verdict; title and body edits do not.
    app.on('pull_request.edited', async (context) => {
      const payload = parsePayload(context, payloads.pullRequestEdited);
      if (!payload?.changes.base) return;
      const pull = payload.pull_request;
      // The verdict against the old base is withdrawn from the head it was given at.
      const retargetedFrom = [{ base: payload.changes.base.ref.from, head: pull.head.sha }];
      await reevaluate(context, payload, pull.number, { payloadPull: pull, retargetedFrom });
    });

    app.on(['issue_comment.created', 'issue_comment.edited', 'issue_comment.deleted'], async (context) => {
      const payload = parsePayload(context, payloads.issueComment);
      if (!payload) return;
      const { issue, comment } = payload;
      if (!issue.pull_request || isBotActor(comment.user)) return;
      if (!commentEventHasCommand(payload)) return;
      const acknowledge = payload.action === 'created' ? [`comment:${comment.id}`] : undefined;
      await reevaluate(context, payload, issue.number, acknowledge ? { acknowledge } : {});
    });

    app.on(['pull_request_review.submitted', 'pull_request_review.edited', 'pull_request_review.dismissed'], async (context) => {
      const payload = parsePayload(context, payloads.review);
      if (!payload) return;
      const { review, pull_request: pull } = payload;
      if (isBotActor(review.user)) return;
      const decisive = review.state.toLowerCase() !== 'commented' || payload.action === 'dismissed';
      if (!decisive && !hasCommand(review.body)) return;
      await reevaluate(context, payload, pull.number);
    });

    app.on(
      ['pull_request_review_comment.created', 'pull_request_review_comment.edited', 'pull_request_review_comment.deleted'],
      async (context) => {
        const payload = parsePayload(context, payloads.reviewComment);
        if (!payload) return;
        const { comment, pull_request: pull } = payload;
        if (isBotActor(comment.user)) return;
        if (!commentEventHasCommand(payload)) return;
        const acknowledge = payload.action === 'created' ? [`review_comment:${comment.id}`] : undefined;
        await reevaluate(context, payload, pull.number, acknowledge ? { acknowledge } : {});
      },
    );

    // A re-run of `readiness (release/1.0)` concerns only pull requests into release/1.0.
    app.on('check_run.rerequested', async (context) => {
      const payload = parsePayload(context, payloads.checkRun);
      if (!payload || !isReadinessCheckName(payload.check_run.name)) return;
      const run = payload.check_run;
      const filter = { kind: 'check-name', name: run.name, defaultBranch: payload.repository.default_branch } as const;
      await reevaluateHead(context, payload, { kind: 'head', sha: run.head_sha, listed: listedPulls(run.pull_requests), filter });
    });

    app.on('check_suite.rerequested', async (context) => {
      const payload = parsePayload(context, payloads.checkSuite);
      if (!payload) return;
      const suite = payload.check_suite;
      await reevaluateHead(context, payload, { kind: 'head', sha: suite.head_sha, listed: listedPulls(suite.pull_requests), filter: { kind: 'all' } });
    });

    // Another check finishing matters only when an evidence item names it.
    app.on('check_run.completed', async (context) => {
      const payload = parsePayload(context, payloads.checkRun);
      if (!payload || isReadinessCheckName(payload.check_run.name)) return;
      const run = payload.check_run;
      const filter = { kind: 'naming-check', check: run.name } as const;
      await reevaluateHead(context, payload, { kind: 'head', sha: run.head_sha, listed: listedPulls(run.pull_requests), filter });
    });

    app.on('status', async (context) => {
      const payload = parsePayload(context, payloads.status);
      if (!payload || payload.state === 'pending') return;
      await reevaluateHead(context, payload, { kind: 'head', sha: payload.sha, listed: [], filter: { kind: 'naming-check', check: payload.context } });
    });

    app.on('merge_group.checks_requested', async (context) => {
      const payload = parsePayload(context, payloads.mergeGroup);
      if (!payload) return;
      const group = payload.merge_group;
      const number = mergeGroupPullNumber(group.head_ref);
      if (number === null) return;
      await reevaluate(context, payload, number, { alsoCheck: [group.head_sha] });
    });

    // Any push to the default branch may change its evidence: its dashboard is judged again (when the contract asks for one).
    // A new contract there also changes the verdict of every open pull request against it.
    app.on('push', async (context) => {
      const payload = parsePayload(context, payloads.push);
      if (!payload) return;
      const { ref, repository, commits } = payload;
      const branch = repository.default_branch;
      if (ref !== `refs/heads/${branch}`) return;
      await queue.enqueue({
        installationId: payload.installation.id,
        ref: { ...repoOf(payload), number: 0 },
        deliveryId: context.id,
        event: eventName(context),
        receivedAt: now().toISOString(),
        dashboard: { branch },
      });
      if (options.waitForEvaluation) await queue.idle();
      const touched = commits.some((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(CONTRACT_PATH));
      if (!touched) return;
      await reevaluateHead(context, payload, { kind: 'base', base: branch });
    });

    /** Re-evaluates the pull requests `find` describes: at once when the event names them, else through a queued lookup. */
    async function reevaluateHead(context: Context, envelope: Envelope, find: PullLookup): Promise<void> {
      const known = pullsWithoutAsking(find);
      if (known) {
        await Promise.all(known.map((number) => reevaluate(context, envelope, number)));
        return;
      }
      await queue.enqueueLookup({
        installationId: envelope.installation.id,
        repo: repoOf(envelope),
        deliveryId: context.id,
        event: eventName(context),
        receivedAt: now().toISOString(),
        find,
      });
      if (options.waitForEvaluation) await queue.idle();
    }
  };
}

/** The pull requests a check or suite event lists (GitHub leaves out those from forks). */
function listedPulls(listed: readonly { number: number; base: { ref: string } }[]): HeadPull[] {
  return listed.map((p) => ({ number: p.number, base: p.base.ref }));
}

/** What every validated payload carries: where to authenticate, and which repository. */
interface Envelope {
  installation: { id: number };
  repository: { name: string; owner: { login: string } };
}

function repoOf(envelope: Envelope): RepoRef {
  return { owner: envelope.repository.owner.login, repo: envelope.repository.name };
}

/** A bot's comment or review triggers nothing (a deleted account, `null`, is no bot). */
function isBotActor(actor: { login: string; type: string } | null): boolean {
  return actor !== null && isBot(actor);
}

function eventName(context: Context): string {
  const action = (context.payload as { action?: unknown }).action;
  return typeof action === 'string' ? `${context.name}.${action}` : context.name;
}

// Inside a GitHub Actions workflow the process ends with its one event, so it waits for the evaluation.
export default readinessGate({ waitForEvaluation: process.env.GITHUB_ACTIONS === 'true' });
