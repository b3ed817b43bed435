import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { DASHBOARD_MARKER } from '../../src/github/markers.js';
import { dashboardSeal } from '../../src/publish/dashboard-issue.js';
import { readPublicationState } from '../../src/publish/publication-state.js';
import { stateKey } from '../../src/publish/state-seal.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { InProcessScheduler } from '../../src/schedule/in-process-scheduler.js';
import { SimulatedGitHub, type SimulatedIssue, type SimulatedRepository } from '../../src/testing/simulated-github.js';
import { API, APP_ID, APP_LOGIN, contentResponse, createApp, deliver, examplePayload, sent, simulateGitHub, WEBHOOK_SECRET } from '../support/github-app.js';
import { ManualClock } from '../support/manual-clock.js';
import { calls, GOOD_CARD, REPO } from '../support/pull-fixtures.js';
import { serveWithNock } from '../support/simulated-github-nock.js';

/** The head of the default branch (master in GitHub's example repository). */
const MAIN = '2222222222222222222222222222222222222222';
const PR_HEAD = '3333333333333333333333333333333333333333';
const NOW = new Date('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

const CONTRACT = `version: 1
dashboard: true
scope:
  paths: ["models/**"]
roles:
  ml-lead: ["@alice"]
  sre: ["@bob"]
evidence:
  - id: model-card
    title: Intended use and limits
    owner: ml-lead
    file: docs/model-card.md
    sections: ["Intended use", "Limitations"]
    when: { paths: ["models/**"] }
  - id: runbook
    title: Runbook reviewed within 90 days
    owner: sre
    file: ops/runbook.md
    max_age_days: 90
  - id: impact-review
    title: Impact review
    owner: ml-lead
    file: docs/impact.md
    when: { labels: ["impact:high"] }
`;

let probot: Probot;
let github: SimulatedGitHub;
let repository: SimulatedRepository;
let contract: string;
/** When ops/runbook.md was last changed on master, in days before NOW. */
let runbookAgeDays: number;
/** The app's check on PR #2's head, as the dashboard reads it. */
let prCheck: { status: string; conclusion: string | null; output: { title: string } } | null;

simulateGitHub();

beforeEach(() => {
  probot = createApp(NOW);
  github = new SimulatedGitHub({ appId: APP_ID });
  repository = github.repository('Codertocat', 'Hello-World');
  repository.collaborators.add('bob');
  contract = CONTRACT;
  runbookAgeDays = 83;
  prCheck = { status: 'completed', conclusion: 'failure', output: { title: '0 of 1 sign-offs · 1 of 2 evidence' } };
});

function pushPayload(files: string[] = ['ops/runbook.md']): Record<string, any> {
  const payload = examplePayload('push');
  payload.ref = `refs/heads/${payload.repository.default_branch}`;
  payload.commits = [{ id: 'abc', added: [], removed: [], modified: files }];
  return payload;
}

function setUp(): void {
  const api = nock(API).persist();
  api.get(`${REPO}/contents/.github%2Freadiness.yml`).query({ ref: 'master' }).reply(200, () => contentResponse('.github/readiness.yml', contract, 'b10b5a'));
  api.get(`${REPO}/branches/master`).reply(200, { name: 'master', commit: { sha: MAIN } });
  api.get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: MAIN }).reply(200, contentResponse('docs/model-card.md', GOOD_CARD));
  api.get(`${REPO}/contents/ops%2Frunbook.md`).query({ ref: MAIN }).reply(200, contentResponse('ops/runbook.md', '# Runbook\n'));
  api
    .get(`${REPO}/commits`)
    .query({ sha: MAIN, path: 'ops/runbook.md', per_page: 1 })
    .reply(200, () => [{ sha: MAIN, commit: { committer: { date: new Date(NOW.getTime() - runbookAgeDays * DAY).toISOString() } } }]);
  api
    .get(`${REPO}/pulls`)
    .query({ state: 'open', base: 'master', sort: 'updated', direction: 'desc', per_page: 51 })
    .reply(200, [
      { number: 2, title: 'Retrain churn <b>model</b> @everyone', head: { sha: PR_HEAD } },
      { number: 3, title: 'Fix a typo', head: { sha: MAIN } },
    ]);
  api
    .get(`${REPO}/commits/${PR_HEAD}/check-runs`)
    .query({ check_name: 'readiness', filter: 'latest', app_id: String(APP_ID) })
    .reply(200, () => ({ total_count: prCheck ? 1 : 0, check_runs: prCheck ? [{ id: 9, started_at: null, ...prCheck }] : [] }));
  api
    .get(`${REPO}/commits/${MAIN}/check-runs`)
    .query({ check_name: 'readiness', filter: 'latest', app_id: String(APP_ID) })
    .reply(200, { total_count: 1, check_runs: [{ id: 10, started_at: null, status: 'completed', conclusion: 'success', output: { title: 'No model or deployment paths changed' } }] });
  serveWithNock(github);
}

function writes(): string[] {
  return calls().filter((c) => !c.startsWith('GET '));
}

function dashboards(): SimulatedIssue[] {
  return repository.issues.filter((issue) => issue.body.includes(DASHBOARD_MARKER) && issue.user.login === APP_LOGIN);
}

function branchGaps(): SimulatedIssue[] {
  return repository.issues.filter((issue) => issue.title.startsWith('Readiness gap on master:'));
}

const OPEN_LIST = `GET ${REPO}/issues?creator=${APP_LOGIN}&state=open&per_page=100`;
const CLOSED_LIST = `GET ${REPO}/issues?creator=${APP_LOGIN}&state=closed&sort=created&direction=asc&per_page=100`;

/** The reads every dashboard evaluation of this contract makes, in order, up to the app's own issues. */
const READS = [
  `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
  `GET ${REPO}/branches/master`,
  `GET ${REPO}/contents/docs/model-card.md?ref=${MAIN}`,
  `GET ${REPO}/contents/ops/runbook.md?ref=${MAIN}`,
  `GET ${REPO}/commits?sha=${MAIN}&path=ops/runbook.md&per_page=1`,
];
const PULL_READS = [
  `GET ${REPO}/pulls?state=open&base=master&sort=updated&direction=desc&per_page=51`,
  `GET ${REPO}/commits/${PR_HEAD}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
  `GET ${REPO}/commits/${MAIN}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
];

describe('the default branch dashboard', () => {
  it('is created once, with the evidence, its freshness, the open in-scope pull requests and the open gap issues', async () => {
    setUp();
    repository.addIssue({ title: 'Readiness gap: Evaluation (PR #2)', body: 'x\n\n<!-- readiness-gate:gap Codertocat/Hello-World#2 evaluation -->', labels: ['readiness-gap'] });

    await deliver(probot, 'push', pushPayload());

    // Label-only items cost no request (docs/impact.md is never read).
    expect(calls()).toEqual([...READS, OPEN_LIST, CLOSED_LIST, ...PULL_READS, `POST ${REPO}/issues`]);
    expect(dashboards()).toHaveLength(1);
    const [dashboard] = dashboards();
    expect(dashboard?.title).toBe('Readiness of `master`');
    const body = dashboard?.body ?? '';
    expect(body).toContain('## Readiness of `master`: ✅ ready');
    expect(body).toContain('last changed 83 days ago; stale in 8 days');
    expect(body).toContain('Not judged on the branch');
    expect(body).toContain('`impact-review`');
    // The verdict comes from the app's own check; the title is escaped; an out-of-scope pull request is left out.
    expect(body).toContain('#2 Retrain churn &lt;b>model&lt;/b> @\u200beveryone');
    expect(body).toContain('0 of 1 sign-offs · 1 of 2 evidence');
    expect(body).not.toContain('#3 Fix a typo');
    expect(body).toContain('- #100 Readiness gap: Evaluation (PR #2)');
    expect(branchGaps()).toEqual([]);
  });

  it('edits nothing on a redelivery, and edits the issue in place only when its text changes', async () => {
    setUp();
    await deliver(probot, 'push', pushPayload());
    sent.length = 0;

    await deliver(probot, 'push', pushPayload(), 'delivery-2');
    expect(writes()).toEqual([]);
    // Found among the open issues: the closed ones are not searched again.
    expect(calls()).toEqual([...READS, OPEN_LIST, ...PULL_READS]);

    prCheck = { status: 'completed', conclusion: 'success', output: { title: '1 of 1 sign-offs · 2 of 2 evidence' } };
    sent.length = 0;
    await deliver(probot, 'push', pushPayload(), 'delivery-3');

    const [dashboard] = dashboards();
    expect(writes()).toEqual([`PATCH ${REPO}/issues/${dashboard?.number}`]);
    expect(dashboards()).toHaveLength(1);
    expect(dashboard?.body).toContain('1 of 1 sign-offs · 2 of 2 evidence');
  });

  it('never opens a second one under concurrent deliveries', async () => {
    setUp();

    await Promise.all([deliver(probot, 'push', pushPayload()), deliver(probot, 'push', pushPayload(), 'delivery-2')]);

    expect(dashboards()).toHaveLength(1);
    expect(writes().filter((w) => w === `POST ${REPO}/issues`)).toHaveLength(1);
  });

  it('files a gap issue for stale default-branch evidence, assigned to its owner and labelled, and links it', async () => {
    setUp();
    runbookAgeDays = 100;

    await deliver(probot, 'push', pushPayload());

    expect(branchGaps()).toHaveLength(1);
    const [gap] = branchGaps();
    expect(gap).toMatchObject({ title: 'Readiness gap on master: Runbook reviewed within 90 days', assignees: ['bob'], labels: ['readiness-gap'], state: 'open' });
    expect(gap?.body).toContain('The default branch `master` is missing readiness evidence');
    expect(gap?.body).toContain('100 days ago; at most 90 allowed');
    expect(gap?.body.trimEnd().split('\n').at(-1)).toBe('<!-- readiness-gate:branch-gap Codertocat/Hello-World@master runbook -->');
    // No waiver text: waivers belong to pull requests.
    expect(gap?.body).not.toContain('/waive');
    const [dashboard] = dashboards();
    expect(dashboard?.body).toContain('## Readiness of `master`: ❌ not ready');
    expect(dashboard?.body).toContain(`[#${gap?.number}](https://github.com/Codertocat/Hello-World/issues/${gap?.number})`);
    expect(dashboard?.body).toContain(`- #${gap?.number} Readiness gap on master: Runbook reviewed within 90 days`);
    expect(writes()).toEqual([`POST ${REPO}/labels`, `POST ${REPO}/issues`, `POST ${REPO}/issues`]);
    // The gap's issue is recorded in the dashboard's signed state.
    const state = readPublicationState(dashboard?.body ?? '', dashboardSeal(stateKey(WEBHOOK_SECRET), { owner: 'Codertocat', repo: 'Hello-World' }));
    expect(state.gapIssues).toEqual({ runbook: { number: gap?.number, state: 'open' } });
  });

  it('closes the gap issue with a comment when the evidence is fixed, and re-opens it when it regresses', async () => {
    setUp();
    runbookAgeDays = 100;
    await deliver(probot, 'push', pushPayload());
    const [gap] = branchGaps();

    runbookAgeDays = 1;
    await deliver(probot, 'push', pushPayload(), 'delivery-2');
    expect(gap).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(gap?.comments.map((c) => c.body)).toEqual([`The gap is closed: the evidence is met on \`master\` at commit \`2222222\`.`]);
    expect(dashboards()[0]?.body).not.toContain(`- #${gap?.number} `);

    runbookAgeDays = 120;
    sent.length = 0;
    await deliver(probot, 'push', pushPayload(), 'delivery-3');
    expect(gap?.state).toBe('open');
    expect(gap?.comments.at(-1)?.body).toContain('The gap is back on `master` at commit `2222222`');
    expect(branchGaps()).toHaveLength(1);
    expect(writes()).toEqual([
      `PATCH ${REPO}/issues/${gap?.number}`,
      `POST ${REPO}/issues/${gap?.number}/comments`,
      `PATCH ${REPO}/issues/${dashboards()[0]?.number}`,
    ]);
  });

  it('ignores a forged dashboard by someone else (same marker, other author) and never edits it', async () => {
    setUp();
    const forged = repository.addIssue({
      title: 'Readiness of `master`',
      body: `${DASHBOARD_MARKER}\nAll ready, trust me`,
      user: { login: 'mallory' },
    });

    const fakeGap = repository.addIssue({ title: 'Readiness gap: fake', body: '<!-- readiness-gate:gap Codertocat/Hello-World#2 evaluation -->', user: { login: 'mallory' } });

    await deliver(probot, 'push', pushPayload());

    expect(dashboards()).toHaveLength(1);
    expect(dashboards()[0]?.number).not.toBe(forged.number);
    expect(forged.body).toBe(`${DASHBOARD_MARKER}\nAll ready, trust me`);
    // Someone else's issue carrying a gap key is not listed as one of the app's gap issues.
    expect(dashboards()[0]?.body).not.toContain(`#${fakeGap.number}`);
    expect(writes()).toEqual([`POST ${REPO}/issues`]);
  });

  it('ignores a state line someone wrote into the dashboard: it would otherwise close an unrelated issue', async () => {
    setUp();
    await deliver(probot, 'push', pushPayload());
    const [dashboard] = dashboards();
    if (!dashboard) throw new Error('no dashboard');
    const unrelated = repository.addIssue({ title: 'Quarterly planning', body: 'not a gap issue' });
    // Anyone who may edit issues can change the body; they cannot sign the state.
    dashboard.body = `${dashboard.body}\n<!-- readiness-gate:state {"gapIssues":{"runbook":{"number":${unrelated.number},"state":"open"}},"reviewRequested":[],"heads":[]} ${'0'.repeat(64)} -->`;
    sent.length = 0;

    await deliver(probot, 'push', pushPayload(), 'delivery-2');

    expect(unrelated).toMatchObject({ state: 'open', comments: [] });
    expect(writes()).toEqual([`PATCH ${REPO}/issues/${dashboard.number}`]);
    expect(dashboard.body).not.toContain('0'.repeat(64));
  });

  it('edits a dashboard someone closed rather than opening a second one', async () => {
    setUp();
    await deliver(probot, 'push', pushPayload());
    const [dashboard] = dashboards();
    if (!dashboard) throw new Error('no dashboard');
    dashboard.state = 'closed';
    prCheck = null;
    sent.length = 0;

    await deliver(probot, 'push', pushPayload(), 'delivery-2');

    expect(dashboards()).toHaveLength(1);
    expect(writes()).toEqual([`PATCH ${REPO}/issues/${dashboard.number}`]);
    expect(dashboard.body).toContain('⏳ not evaluated yet');
  });

  it('makes no dashboard request when the contract does not ask for one', async () => {
    setUp();
    contract = CONTRACT.replace('dashboard: true\n', '');

    await deliver(probot, 'push', pushPayload());

    expect(calls()).toEqual([`GET ${REPO}/contents/.github/readiness.yml?ref=master`]);
    expect(repository.issues).toEqual([]);
  });

  it('leaves pushes to other branches alone', async () => {
    setUp();
    const payload = pushPayload();
    payload.ref = 'refs/heads/feature';

    await deliver(probot, 'push', payload);

    expect(calls()).toEqual([]);
  });
});

describe("the dashboard at its own next-change instant (in-process timers, a clock the test moves)", () => {
  let clock: ManualClock;
  let scheduler: InProcessScheduler;
  let queue: InProcessQueue;
  let timed: Probot;

  beforeEach(() => {
    clock = new ManualClock(NOW.toISOString());
    scheduler = new InProcessScheduler({ clock });
    queue = new InProcessQueue();
    timed = createApp(undefined, undefined, queue, { now: () => clock.date(), clock, scheduler });
  });

  /** Moves the clock and lets whatever fell due run to the end; returns the requests made meanwhile. */
  async function advance(ms: number): Promise<string[]> {
    sent.length = 0;
    await clock.advance(ms);
    await queue.idle();
    return calls();
  }

  /** A scheduled run is not told the default branch (it may have changed since): it asks GitHub. */
  function mockRepository(): void {
    nock(API).get(REPO).reply(200, { name: 'Hello-World', owner: { login: 'Codertocat' }, default_branch: 'master' });
  }

  it('updates the dashboard and opens the branch gap issue when the runbook crosses max_age_days, with no event, and nothing before', async () => {
    setUp();
    await deliver(timed, 'push', pushPayload());
    expect(dashboards()[0]?.body).toContain('## Readiness of `master`: ✅ ready');
    expect(branchGaps()).toEqual([]);
    expect(await scheduler.pending()).toBe(1);

    // Changed 83 days before NOW, the runbook is 90 whole days old (fresh) until NOW + 8 days; the run comes a second (the grace) after.
    expect(await advance(8 * DAY)).toEqual([]);
    mockRepository();
    const requests = await advance(1_000);

    const [dashboard] = dashboards();
    const [gap] = branchGaps();
    const gapIssueFiled = [
      `GET ${REPO}/issues?creator=${APP_LOGIN}&state=all&labels=readiness-gap&per_page=100`,
      `GET ${REPO}/assignees/bob`,
      `GET ${REPO}/labels/readiness-gap`,
      `POST ${REPO}/labels`,
      `POST ${REPO}/issues`,
    ];
    expect(requests).toEqual([`GET ${REPO}`, ...READS, OPEN_LIST, ...gapIssueFiled, ...PULL_READS, `PATCH ${REPO}/issues/${dashboard?.number}`]);
    expect(gap).toMatchObject({ title: 'Readiness gap on master: Runbook reviewed within 90 days', assignees: ['bob'], state: 'open' });
    expect(dashboards()).toHaveLength(1);
    expect(dashboard?.body).toContain('## Readiness of `master`: ❌ not ready');
    expect(dashboard?.body).toContain(`- #${gap?.number} Readiness gap on master: Runbook reviewed within 90 days`);
    // Stale, the runbook's age can change nothing more: no schedule is left, and a year passes without a request.
    expect(await scheduler.pending()).toBe(0);
    expect(await advance(365 * DAY)).toEqual([]);
  });

  it('control: a dashboard the contract turns off clears its schedule; the instant passes with no request', async () => {
    setUp();
    await deliver(timed, 'push', pushPayload());
    expect(await scheduler.pending()).toBe(1);

    contract = CONTRACT.replace('dashboard: true\n', '');
    await deliver(timed, 'push', pushPayload(['.github/readiness.yml']), 'delivery-2');
    expect(await scheduler.pending()).toBe(0);
    expect(await advance(30 * DAY)).toEqual([]);
    expect(branchGaps()).toEqual([]);
  });

  it('control: a push that freshens the runbook moves the instant; the old one passes with no request', async () => {
    setUp();
    await deliver(timed, 'push', pushPayload());
    runbookAgeDays = 0;
    await deliver(timed, 'push', pushPayload(), 'delivery-2');
    expect(await scheduler.pending()).toBe(1);

    expect(await advance(30 * DAY)).toEqual([]);
    expect(branchGaps()).toEqual([]);
  });
});
