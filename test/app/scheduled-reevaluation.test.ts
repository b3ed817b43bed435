/**
 * Time alone changes a verdict: a waiver expires, a sign-off passes
 * `expires_after_days`, a runbook crosses `max_age_days`. The app publishes
 * the new verdict at that instant with no event, on a clock the test moves.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { Metrics } from '../../src/ops/metrics.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { RedisQueue } from '../../src/queue/redis-queue.js';
import { RedisScheduler } from '../../src/schedule/redis-scheduler.js';
import { MAX_TIMER_DELAY_MS, systemClock } from '../../src/schedule/clock.js';
import { InProcessScheduler } from '../../src/schedule/in-process-scheduler.js';
import type { SimulatedComment, SimulatedGitHub, SimulatedPull, SimulatedRepository } from '../../src/testing/simulated-github.js';
import { API, APP_LOGIN, createApp, deliver, sent, simulateGitHub } from '../support/github-app.js';
import { ManualClock } from '../support/manual-clock.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { commentPayload, appChecklistBody, calls, FRESH_HEAD, mockContract, mockEvidence, mockFiles, mockFreshPull, openedPayload, REPO, simulatedExample } from '../support/pull-fixtures.js';
import { serveWithNock } from '../support/simulated-github-nock.js';

const START = '2026-11-22T12:00:00.000Z';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const contract = (extra = '') => `version: 1
gaps:
  issues: false
scope:
  paths: ["models/**"]
roles:
  ml-lead: ["@alice"]
  sre: ["@bob"]
signoffs:
  - role: ml-lead
evidence:
  - id: evaluation
    title: Evaluation report
    owner: ml-lead
    file: reports/eval.json
  - id: runbook
    title: Runbook
    owner: sre
    file: docs/runbook.md
    max_age_days: 60
waivers:
  approvers: [sre]
  max_days: 30
${extra}`;

let clock: ManualClock;
let scheduler: InProcessScheduler;
let metrics: Metrics;
let queue: InProcessQueue;
let probot: Probot;
let github: SimulatedGitHub;
let repository: SimulatedRepository;
let pull: SimulatedPull;
let nextId = 100;

simulateGitHub({ loopback: true });

beforeEach(() => {
  clock = new ManualClock(START);
  scheduler = new InProcessScheduler({ clock });
  metrics = new Metrics();
  queue = new InProcessQueue();
  probot = createApp(undefined, undefined, queue, { now: () => clock.date(), clock, scheduler, metrics });
  ({ github, repository, pull } = simulatedExample());
});

interface Setup {
  contract?: string;
  /** reports/eval.json at the head, or null for none. */
  evaluation?: string | null;
  /** When the last commit touching docs/runbook.md was made. */
  runbookChangedAt?: string;
}

function setUp(setup: Setup = {}): void {
  mockContract(setup.contract ?? contract()).persist();
  mockFiles([{ filename: 'models/churn/train.py' }]).persist();
  mockFreshPull().persist();
  mockEvidence(FRESH_HEAD, { 'reports/eval.json': setup.evaluation === undefined ? '{"auc": 0.9}' : setup.evaluation, 'docs/runbook.md': '# Runbook\n\nRestart the scorer.\n' }, { persist: true });
  nock(API)
    .persist()
    .get(`${REPO}/commits`)
    .query({ sha: FRESH_HEAD, path: 'docs/runbook.md', per_page: 1 })
    .reply(200, [{ sha: 'a1', commit: { committer: { date: setup.runbookChangedAt ?? '2026-11-20T09:00:00Z' } } }]);
  nock(API).persist().get(`${REPO}/pulls/2/reviews`).query(true).reply(200, []);
  nock(API).persist().get(`${REPO}/pulls/2/comments`).query(true).reply(200, []);
  nock(API).persist().post(/\/reactions$/).reply(201, { id: 1, content: '+1' });
  const heads = [{ sha: FRESH_HEAD, since: '2026-11-22T08:00:00.000Z' }];
  pull.comments.push({ id: 90, body: appChecklistBody({ heads }), user: { login: APP_LOGIN, type: 'Bot' }, created_at: '2026-11-22T08:00:00Z', updated_at: '2026-11-22T08:00:00Z' });
  serveWithNock(github);
}

function comment(login: string, body: string, at: string): SimulatedComment {
  const c = { id: nextId++, body, user: { login, type: 'User' }, created_at: at, updated_at: at };
  pull.comments.push(c);
  return c;
}


function check() {
  const run = repository.checkRuns.find((r) => r.head_sha === FRESH_HEAD);
  if (!run) throw new Error('no check run on the head');
  return run;
}

function checklist(): string {
  return pull.comments.find((c) => c.body.includes('readiness-gate:checklist'))?.body ?? '';
}

/**
 * Moves the clock and lets whatever fell due run to the end; returns the
 * requests made meanwhile, sorted (an evaluation reads evidence and the
 * conversation side by side, in no fixed order).
 */
async function advance(ms: number): Promise<string[]> {
  sent.length = 0;
  await clock.advance(ms);
  await queue.idle();
  return calls().sort();
}

/** The id the simulated GitHub gives the first thing the app creates: here the check run of the first evaluation. */
const FIRST_CHECK_RUN = 1000;

/** The requests of a scheduled evaluation that writes the new verdict: reads, then the check and the checklist. */
const REEVALUATION_CALLS = [
  `GET ${REPO}/pulls/2`,
  `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
  `GET ${REPO}/compare/f95f852bd8fca8fcc58a9a2d6c842781e32a215e...${FRESH_HEAD}?per_page=1`,
  `GET ${REPO}/commits/${FRESH_HEAD}/pulls?per_page=100`,
  `GET ${REPO}/commits/${FRESH_HEAD}/check-runs?check_name=readiness&filter=latest&app_id=4242`,
  `GET ${REPO}/issues/2/comments?per_page=100`,
  `GET ${REPO}/pulls/2/reviews?per_page=100`,
  `GET ${REPO}/pulls/2/comments?per_page=100`,
  'POST /graphql',
  `GET ${REPO}/contents/reports/eval.json?ref=${FRESH_HEAD}`,
  `GET ${REPO}/contents/docs/runbook.md?ref=${FRESH_HEAD}`,
  `GET ${REPO}/commits?sha=${FRESH_HEAD}&path=docs/runbook.md&per_page=1`,
  `PATCH ${REPO}/check-runs/${FIRST_CHECK_RUN}`,
  `PATCH ${REPO}/issues/comments/90`,
].sort();

/** A metric's series by name (a histogram's `_sum`, `_count` and buckets included). */
async function series(metric: string, name = metric): Promise<number | undefined> {
  const values = (await metrics.registry.getSingleMetric(metric)?.get())?.values ?? [];
  return values.find((v) => ((v as { metricName?: string }).metricName ?? metric) === name)?.value;
}

describe('re-evaluation when time changes the verdict (in-process timers)', () => {
  it('publishes a failure when a waiver expires, with no event, and nothing before', async () => {
    setUp({ evaluation: null });
    comment('bob', '/waive evaluation 1d report lands tomorrow', '2026-11-22T10:00:00Z');
    await deliver(probot, 'issue_comment', commentPayload(comment('alice', '/signoff ml-lead', '2026-11-22T11:00:00Z')));
    expect(check().conclusion).toBe('success');
    expect(await scheduler.pending()).toBe(1);

    // The waiver lasts until 2026-11-23T10:00Z: until then (and the second of grace after it), nothing is asked of GitHub at all.
    expect(await advance(22 * HOUR)).toEqual([]);
    expect(check().conclusion).toBe('success');

    expect(await advance(1_000)).toEqual(REEVALUATION_CALLS);
    expect(check().conclusion).toBe('failure');
    expect(checklist()).toMatch(/expired/i);
    // Published a second (the grace) after its instant, and measured so.
    expect(await series('readiness_gate_reevaluation_lateness_seconds', 'readiness_gate_reevaluation_lateness_seconds_count')).toBe(1);
    expect(await series('readiness_gate_reevaluation_lateness_seconds', 'readiness_gate_reevaluation_lateness_seconds_sum')).toBe(1);
    // What time changes next is the runbook's age (changed 2026-11-20T09:00Z, stale from 2027-01-20T09:00Z): two schedules in all.
    expect(await series('readiness_gate_reevaluations_scheduled_total')).toBe(2);
    expect(await scheduler.pending()).toBe(1);
    expect(await advance(Date.parse('2027-01-20T09:00:00Z') - clock.now())).toEqual([]);
    // Already a failure, but one more item is a gap: the check's text and the checklist change.
    expect(await advance(1_000)).toEqual(REEVALUATION_CALLS);
    expect(check().output.text).toMatch(/runbook/i);
  });

  it('publishes a failure when a sign-off passes expires_after_days', async () => {
    setUp({ contract: contract('signoff_policy:\n  expires_after_days: 14\n') });
    await deliver(probot, 'issue_comment', commentPayload(comment('alice', '/signoff ml-lead', '2026-11-22T11:00:00Z')));
    expect(check().conclusion).toBe('success');

    // Given at 2026-11-22T11:00Z, it counts until 2026-12-06T11:00Z; alice is then asked for a review again.
    expect(await advance(14 * DAY - HOUR)).toEqual([]);
    expect(await advance(1_000)).toEqual([...REEVALUATION_CALLS, `POST ${REPO}/pulls/2/requested_reviewers`].sort());
    expect(check().conclusion).toBe('failure');
    expect(check().output.title).toMatch(/^0 of 1 sign-offs/);
  });

  it('publishes a failure when the runbook crosses max_age_days, through timers no longer than Node allows', async () => {
    setUp({ runbookChangedAt: '2026-11-21T00:00:00Z' });
    await deliver(probot, 'issue_comment', commentPayload(comment('alice', '/signoff ml-lead', '2026-11-22T11:00:00Z')));
    expect(check().conclusion).toBe('success');

    // Changed 2026-11-21T00:00Z, it is 60 whole days old until 2027-01-21T00:00Z, and published a second (the grace) later.
    expect(await advance(Date.parse('2027-01-21T00:00:00Z') - Date.parse(START))).toEqual([]);
    expect(await advance(1_000)).toEqual(REEVALUATION_CALLS);
    expect(check().conclusion).toBe('failure');
    expect(checklist()).toMatch(/runbook/i);
    expect(Math.max(...clock.delays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
  });

  it('control: a later event that moves the instant replaces the schedule; the old instant passes without a request', async () => {
    setUp({ evaluation: null });
    comment('bob', '/waive evaluation 1d report lands tomorrow', '2026-11-22T10:00:00Z');
    await deliver(probot, 'issue_comment', commentPayload(comment('alice', '/signoff ml-lead', '2026-11-22T11:00:00Z')));
    // A second, longer waiver: the item stays waived until the later of the two expires.
    await deliver(probot, 'issue_comment', commentPayload(comment('bob', '/waive evaluation 3d needs another run', '2026-11-22T11:30:00Z')));
    expect(await scheduler.pending()).toBe(1);

    expect(await advance(2 * DAY)).toEqual([]);
    expect(check().conclusion).toBe('success');
    expect(await advance(DAY)).toEqual(REEVALUATION_CALLS);
    expect(check().conclusion).toBe('failure');
  });

  it('clears the schedule when the pull request is closed: its instant passes with no request', async () => {
    setUp({ evaluation: null });
    comment('bob', '/waive evaluation 1d report lands tomorrow', '2026-11-22T10:00:00Z');
    await deliver(probot, 'issue_comment', commentPayload(comment('alice', '/signoff ml-lead', '2026-11-22T11:00:00Z')));
    expect(await scheduler.pending()).toBe(1);

    const closed = openedPayload();
    closed.action = 'closed';
    closed.pull_request.state = 'closed';
    closed.pull_request.merged = true;
    await deliver(probot, 'pull_request', closed);
    expect(await scheduler.pending()).toBe(0);
    expect(await advance(2 * DAY)).toEqual([]);
  });

  it('schedules nothing for an out-of-scope pull request (no time rule applies to it)', async () => {
    mockContract(contract());
    mockFiles([{ filename: 'docs/notes.txt' }]);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });
    await deliver(probot, 'pull_request', openedPayload());
    expect(calls()).toEqual([`GET ${REPO}/contents/.github/readiness.yml?ref=master`, `GET ${REPO}/compare/f95f852bd8fca8fcc58a9a2d6c842781e32a215e...ec26c3e57ca3a959ca5aad62de7213c562f8c821?per_page=1`, `POST ${REPO}/check-runs`]);
    expect(await scheduler.pending()).toBe(0);
    expect(await advance(400 * DAY)).toEqual([]);
  });
});

describe("the default scheduler's clock", () => {
  it('measures delays on the clock verdicts are judged by, not on the timers’ own: an instant ahead of the app’s time waits', async () => {
    setUp({ evaluation: null });
    comment('bob', '/waive evaluation 1d report lands tomorrow', '2026-11-22T10:00:00Z');
    // Timers whose own clock is years ahead of the app's: measured on it, the waiver's expiry would be long past and run at once.
    const timers = { ...systemClock, now: () => Date.parse('2030-01-01T00:00:00Z') };
    const q = new InProcessQueue();
    metrics = new Metrics();
    const app = createApp(undefined, undefined, q, { now: () => new Date(START), clock: timers, metrics });
    await deliver(app, 'issue_comment', commentPayload(comment('alice', '/signoff ml-lead', '2026-11-22T11:00:00Z')));
    expect(check().conclusion).toBe('success');

    sent.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await q.idle();
    expect(calls()).toEqual([]);
    expect(await series('readiness_gate_reevaluations_pending')).toBe(1);
  });
});

describe('the periodic sweep', () => {
  // Longer than the day this test spans after the first sweep (a minute after the start), so only that one runs.
  const SWEEP_INTERVAL_MS = 2 * DAY;

  /** GitHub's installations of the app and the repositories of the one installation: Hello-World (with the contract), two without, one archived. */
  function mockInstallation(): void {
    nock(API).get('/app/installations').query({ per_page: 100 }).reply(200, [{ id: 1, account: { login: 'Codertocat' } }]);
    const repo = (name: string, extra: Record<string, unknown> = {}) => ({ name, owner: { login: 'Codertocat' }, default_branch: 'main', archived: false, ...extra });
    nock(API)
      .get('/installation/repositories')
      .query({ per_page: 100 })
      .reply(200, { total_count: 4, repositories: [repo('Hello-World', { default_branch: 'master' }), repo('docs-site'), repo('old-model', { archived: true }), repo('website')] });
    for (const name of ['docs-site', 'website']) nock(API).get(`/repos/Codertocat/${name}/contents/.github%2Freadiness.yml`).query({ ref: 'main' }).reply(404, { message: 'Not Found' });
    nock(API).get('/repos/Codertocat/.github/contents/.github%2Freadiness.yml').reply(404, { message: 'Not Found' });
    nock(API).get(`${REPO}/pulls`).query({ state: 'open', per_page: 100 }).reply(200, [{ number: 2, base: { ref: 'master' } }]);
  }

  /** The requests of the sweep itself, in order (the token exchange is Probot's). */
  const SWEEP_CALLS = [
    'GET /app/installations?per_page=100',
    'GET /installation/repositories?per_page=100',
    `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
    `GET ${REPO}/pulls?state=open&per_page=100`,
    'GET /repos/Codertocat/docs-site/contents/.github/readiness.yml?ref=main',
    'GET /repos/Codertocat/.github/contents/.github/readiness.yml',
    'GET /repos/Codertocat/website/contents/.github/readiness.yml?ref=main',
  ];

  async function swept(): Promise<number> {
    return (await series('readiness_gate_sweeps_total')) ?? 0;
  }

  it('after a restart, recovers the lost schedule of an open pull request at the cost of one request per repository without a contract, writing nothing', async () => {
    setUp({ evaluation: null });
    comment('bob', '/waive evaluation 1d report lands tomorrow', '2026-11-22T10:00:00Z');
    await deliver(probot, 'issue_comment', commentPayload(comment('alice', '/signoff ml-lead', '2026-11-22T11:00:00Z')));
    expect(check().conclusion).toBe('success');

    // The process restarts: its timers are gone.
    await scheduler.close();
    scheduler = new InProcessScheduler({ clock });
    metrics = new Metrics();
    queue = new InProcessQueue();
    createApp(undefined, undefined, queue, { now: () => clock.date(), clock, scheduler, metrics, sweepIntervalMs: SWEEP_INTERVAL_MS });
    mockInstallation();

    // The app loads asynchronously; the first sweep is armed a minute ahead once it has.
    while (clock.pending === 0) await new Promise((resolve) => setImmediate(resolve));
    sent.length = 0;
    await clock.advance(60_000);
    const deadline = Date.now() + 5_000;
    while ((await swept()) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await queue.idle();

    // The sweep's own requests, and the evaluation it queued, which found nothing changed and so only read.
    const requests = calls();
    const unchangedEvaluation = REEVALUATION_CALLS.filter((c) => !c.startsWith('PATCH'));
    expect([...requests].sort()).toEqual([...SWEEP_CALLS, ...unchangedEvaluation].sort());
    expect(requests.filter((c) => SWEEP_CALLS.includes(c) && !c.startsWith(`GET ${REPO}/contents`))).toEqual(SWEEP_CALLS.filter((c) => !c.startsWith(`GET ${REPO}/contents`)));
    expect(await series('readiness_gate_sweep_requests_total')).toBe(SWEEP_CALLS.length);
    expect(await series('readiness_gate_sweep_pulls_total')).toBe(1);
    // It scheduled the waiver's expiry again.
    expect(await scheduler.pending()).toBe(1);
    process.stdout.write(`sweep of 4 repositories (1 with a contract, 1 open pull request): ${SWEEP_CALLS.length} requests by the sweep, ${requests.length - SWEEP_CALLS.length} by the evaluation it queued, 0 writes\n`);

    expect(await advance(Date.parse('2026-11-23T10:00:01Z') - clock.now())).toEqual(REEVALUATION_CALLS);
    expect(check().conclusion).toBe('failure');
  });
});

describe('re-evaluation when time changes the verdict (Redis: BullMQ delayed jobs)', () => {
  let redis: TestRedis;
  const closing: { close(force?: boolean): Promise<void> }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  afterEach(async () => {
    await Promise.all(closing.splice(0).map((c) => c.close(true)));
    await redis.flush();
  });

  /** Real time moved so that the waiver (until 2026-11-23T10:00Z) expires `msAhead` from now: the clock every replica shares. */
  function worldClock(msAhead: number): () => number {
    const offset = Date.parse('2026-11-23T10:00:00Z') - msAhead - Date.now();
    return () => Date.now() + offset;
  }

  function replica(now: () => number) {
    const q = new RedisQueue({ url: redis.url, busyRetryMs: 20, stalledIntervalMs: 200, jobLockMs: 400 });
    const s = new RedisScheduler({ url: redis.url, graceMs: 100, now, stalledIntervalMs: 200, jobLockMs: 400 });
    closing.push(s, q);
    return { probot: createApp(undefined, undefined, q, { now: () => new Date(now()), scheduler: s }), queue: q, scheduler: s };
  }

  it('publishes the expired waiver from another replica after the one that scheduled it is gone, with no event', async () => {
    setUp({ evaluation: null });
    comment('bob', '/waive evaluation 1d report lands tomorrow', '2026-11-22T10:00:00Z');
    const now = worldClock(1_500);
    const a = replica(now);
    await a.probot.receive({ id: 'delivery-1', name: 'issue_comment', payload: commentPayload(comment('alice', '/signoff ml-lead', '2026-11-22T11:00:00Z')) } as Parameters<Probot['receive']>[0]);
    await a.queue.idle();
    expect(check().conclusion).toBe('success');
    expect(await a.scheduler.pending()).toBe(1);
    await a.scheduler.close(true);
    await a.queue.close(true);

    const b = replica(now);
    sent.length = 0;
    const deadline = Date.now() + 8_000;
    while (check().conclusion !== 'failure' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await b.queue.idle();

    expect(check().conclusion).toBe('failure');
    expect(calls().sort()).toEqual(REEVALUATION_CALLS);
  });
});
