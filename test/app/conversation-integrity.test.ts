/**
 * Sign-offs that cannot be moved (issue 10, points 3–5): ancestry and the
 * per-PR head clock, reviews and edits, and the signed hidden state. Each
 * attack is delivered as a webhook next to the legitimate control that passes.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import type { HeadPeriod } from '../../src/github/head-clock.js';
import { readPublicationState } from '../../src/publish/publication-state.js';
import { stateKey, stateSeal } from '../../src/publish/state-seal.js';
import type { SimulatedComment, SimulatedGitHub, SimulatedPull, SimulatedRepository } from '../../src/testing/simulated-github.js';
import { API, APP_LOGIN, createApp, deliver, examplePayload, simulateGitHub, WEBHOOK_SECRET } from '../support/github-app.js';
import {
  commentPayload,
  appChecklistBody,
  calls,
  FRESH_HEAD,
  GOOD_CARD,
  mockContract,
  mockEvidence,
  mockFiles,
  mockFreshPull,
  openedPayload,
  PULL_REF,
  REPO,
  simulatedExample,
} from '../support/pull-fixtures.js';
import { serveWithNock } from '../support/simulated-github-nock.js';

const OLD_HEAD = '2222222222222222222222222222222222222222';
const LATER_HEAD = '3333333333333333333333333333333333333333';
const CHECKLIST_ID = 90;

const CONTRACT = `version: 1
scope:
  paths: ["models/**"]
roles:
  ml-lead: ["@alice", "@acme/ml-leads"]
signoffs:
  - role: ml-lead
evidence:
  - id: model-card
    title: Intended use and limits
    owner: ml-lead
    file: docs/model-card.md
    sections: ["Intended use"]
  - id: evaluation
    title: Evaluation report
    owner: ml-lead
    file: reports/eval.json
    fields:
      - { path: metrics.auc, min: 0.8 }
`;

let probot: Probot;
let github: SimulatedGitHub;
let pull: SimulatedPull;
let repository: SimulatedRepository;
let reviews: Record<string, unknown>[];

simulateGitHub();

beforeEach(() => {
  probot = createApp(new Date('2026-11-22T12:00:00Z'));
  ({ github, repository, pull } = simulatedExample());
  repository.collaborators.add('alice');
  reviews = [];
});

interface Setup {
  /** The app's record of this pull request's heads; default: FRESH_HEAD became the head at 08:00. */
  heads?: HeadPeriod[];
  /** The whole checklist body instead (for forged states). */
  checklistBody?: string;
  /** GitHub's compare of a sign-off commit with the head. */
  compare?: { from: string; status: string; files: string[] };
  teamMembers?: string[];
}

function setUp(setup: Setup = {}): void {
  mockContract(CONTRACT).persist();
  mockFiles([{ filename: 'models/churn/train.py' }]).persist();
  mockFreshPull().persist();
  mockEvidence(FRESH_HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.91}}' }, { persist: true });
  nock(API).persist().get(`${REPO}/pulls/2/reviews`).query(true).reply(200, () => reviews);
  nock(API).persist().get(`${REPO}/pulls/2/comments`).query(true).reply(200, []);
  nock(API).persist().post(/\/reactions$/).reply(201, { id: 1, content: '+1' });
  for (const login of setup.teamMembers ?? []) {
    nock(API).persist().get(`/orgs/acme/teams/ml-leads/memberships/${login}`).reply(200, { state: 'active', role: 'member' });
  }
  if (setup.compare) {
    const { from, status, files } = setup.compare;
    nock(API)
      .persist()
      .get(`${REPO}/compare/${from}...${FRESH_HEAD}`)
      .query(true)
      .reply(200, { status, commits: status === 'ahead' ? [{ sha: FRESH_HEAD }] : [], files: files.map((filename) => ({ filename })) });
  }
  const body = setup.checklistBody ?? appChecklistBody({ heads: setup.heads ?? [{ sha: FRESH_HEAD, since: '2026-11-22T08:00:00.000Z' }] });
  pull.comments.push({ id: CHECKLIST_ID, body, user: { login: APP_LOGIN, type: 'Bot' }, created_at: '2026-11-22T07:00:00Z', updated_at: '2026-11-22T07:00:00Z' });
  serveWithNock(github);
}

let nextId = 100;
function comment(login: string, body: string, at: string): SimulatedComment {
  const c = { id: nextId++, body, user: { login, type: 'User' }, created_at: at, updated_at: at };
  pull.comments.push(c);
  return c;
}


function review(fields: { id: number; login: string; state: string; body?: string; at: string; commit?: string }): Record<string, unknown> {
  const r = {
    id: fields.id,
    node_id: `PRR_${fields.id}`,
    state: fields.state,
    body: fields.body ?? '',
    user: { login: fields.login, type: 'User' },
    submitted_at: fields.at,
    commit_id: fields.commit ?? FRESH_HEAD,
  };
  reviews.push(r);
  return r;
}

function reviewPayload(r: Record<string, unknown>, action: string): Record<string, any> {
  const payload = examplePayload('pull_request_review', 'submitted');
  payload.action = action;
  payload.pull_request.number = 2;
  payload.review = { ...payload.review, ...r, state: String(r.state).toLowerCase() };
  return payload;
}

function headCheck() {
  const run = repository.checkRuns.find((r) => r.head_sha === FRESH_HEAD);
  if (!run) throw new Error('no check run on the head');
  return run;
}

function checklist(): string {
  return pull.comments.find((c) => c.id === CHECKLIST_ID)?.body ?? '';
}

function replies(): string[] {
  return pull.comments.filter((c) => c.body.includes('readiness-gate:reply')).map((c) => c.body);
}

const ownSeal = stateSeal(stateKey(WEBHOOK_SECRET), PULL_REF);

describe('ancestry: a sign-off counts only for heads that descend from its commit', () => {
  // The app saw FRESH_HEAD at 08:00, then LATER_HEAD (a descendant) at 09:00; alice signed at 09:30.
  const beforeForcePushBack: HeadPeriod[] = [
    { sha: FRESH_HEAD, since: '2026-11-22T08:00:00.000Z' },
    { sha: LATER_HEAD, since: '2026-11-22T09:00:00.000Z' },
  ];

  it('a comment sign-off goes stale when the branch is force-pushed back to an older commit', async () => {
    setUp({ heads: beforeForcePushBack, compare: { from: LATER_HEAD, status: 'behind', files: [] } });
    const c = comment('alice', '/signoff ml-lead', '2026-11-22T09:30:00Z');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(calls()).toContain(`GET ${REPO}/compare/${LATER_HEAD}...${FRESH_HEAD}?per_page=100`);
    expect(headCheck().conclusion).toBe('failure');
    expect(headCheck().output.title).toMatch(/^0 of 1 sign-offs/);
    expect(checklist()).toContain(`does not descend from ${LATER_HEAD.slice(0, 7)}`);
    // The record now says FRESH_HEAD became the head again when the app evaluated it.
    expect(readPublicationState(checklist(), ownSeal).heads.at(-1)).toEqual({ sha: FRESH_HEAD, since: '2026-11-22T12:00:00.000Z' });
  });

  it('a review sign-off goes stale the same way', async () => {
    setUp({ heads: beforeForcePushBack, compare: { from: LATER_HEAD, status: 'behind', files: [] } });
    const r = review({ id: 41, login: 'alice', state: 'COMMENTED', body: '/signoff ml-lead', at: '2026-11-22T09:30:00Z', commit: LATER_HEAD });

    await deliver(probot, 'pull_request_review', reviewPayload(r, 'submitted'));

    expect(headCheck().output.title).toMatch(/^0 of 1 sign-offs/);
    expect(checklist()).toContain(`does not descend from ${LATER_HEAD.slice(0, 7)}`);
  });

  it('control: a sign-off carries over a push that descends from it and touches nothing in scope', async () => {
    setUp({ heads: beforeForcePushBack, compare: { from: LATER_HEAD, status: 'ahead', files: ['docs/notes.txt'] } });
    const c = comment('alice', '/signoff ml-lead', '2026-11-22T09:30:00Z');
    review({ id: 42, login: 'alice', state: 'COMMENTED', body: '/signoff ml-lead', at: '2026-11-22T09:31:00Z', commit: LATER_HEAD });

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(headCheck().conclusion).toBe('success');
    expect(headCheck().output.title).toMatch(/^1 of 1 sign-offs/);
  });
});

describe('the per-PR head clock', () => {
  it('does not date a head by a check run the app posted on that commit for another pull request', async () => {
    // This PR's head was OLD_HEAD (recorded 08:00) when alice signed at 09:00. It is now fast-forwarded
    // to FRESH_HEAD, a commit whose readiness check the app posted at 07:00 for another pull request.
    setUp({ heads: [{ sha: OLD_HEAD, since: '2026-11-22T08:00:00.000Z' }], compare: { from: OLD_HEAD, status: 'ahead', files: ['models/churn/train.py'] } });
    repository.checkRuns.push({ id: 1, head_sha: FRESH_HEAD, started_at: '2026-11-22T07:00:00Z', name: 'readiness', status: 'completed', conclusion: 'success', output: { title: 'other PR', summary: '', text: '' } });
    const c = comment('alice', '/signoff ml-lead', '2026-11-22T09:00:00Z');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(headCheck().conclusion).toBe('failure');
    expect(checklist()).toMatch(/stale/i);
    expect(checklist()).toContain(OLD_HEAD.slice(0, 7));
    // The clock is the app's own record: no commit list, no check-run lookups on other commits.
    expect(calls().filter((call) => call.includes('/pulls/2/commits') || call.includes(`/commits/${OLD_HEAD}/`))).toEqual([]);
    expect(readPublicationState(checklist(), ownSeal).heads).toEqual([
      { sha: OLD_HEAD, since: '2026-11-22T08:00:00.000Z' },
      { sha: FRESH_HEAD, since: '2026-11-22T12:00:00.000Z' },
    ]);
  });

  it('control: a comment written after this pull request’s own record made the commit its head counts', async () => {
    setUp({ heads: [{ sha: OLD_HEAD, since: '2026-11-22T08:00:00.000Z' }, { sha: FRESH_HEAD, since: '2026-11-22T10:00:00.000Z' }] });
    const c = comment('alice', '/signoff ml-lead', '2026-11-22T10:30:00Z');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(headCheck().conclusion).toBe('success');
    expect(headCheck().output.text).toContain(FRESH_HEAD.slice(0, 7));
  });

  it('pins nothing from a record that does not verify: the sign-off is stale, never moved', async () => {
    const forged = appChecklistBody({ heads: [{ sha: FRESH_HEAD, since: '2026-11-22T01:00:00.000Z' }] }).replace(/ [0-9a-f]{64} -->/, ` ${'0'.repeat(64)} -->`);
    setUp({ checklistBody: forged });
    const c = comment('alice', '/signoff ml-lead', '2026-11-22T09:00:00Z');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(headCheck().conclusion).toBe('failure');
    expect(checklist()).toMatch(/unknown commit/);
  });
});

describe('the signed hidden state', () => {
  /** Issue #77 has nothing to do with this pull request. */
  function unrelatedIssue() {
    return repository.addIssue({ body: 'Unrelated work', title: 'Unrelated', user: { login: 'someone' } });
  }
  const writesTo = (number: number) => calls().filter((call) => call.includes(`/issues/${number}`) && !call.includes('/issues/2/'));

  it('ignores a forged state that maps an evidence item to an unrelated issue: that issue is never touched', async () => {
    const issue = unrelatedIssue();
    const forged = `<!-- readiness-gate:checklist -->\nold\n<!-- readiness-gate:state {"gapIssues":{"evaluation":{"number":${issue.number},"state":"open"}},"reviewRequested":[],"heads":[]} ${'a'.repeat(64)} -->`;
    setUp({ checklistBody: forged });

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls().filter((c) => !c.startsWith('GET '))).toEqual([
      `POST ${REPO}/check-runs`,
      `POST ${REPO}/pulls/2/requested_reviewers`,
      `PATCH ${REPO}/issues/comments/${CHECKLIST_ID}`,
    ]);
    expect(writesTo(issue.number)).toEqual([]);
    expect(issue.state).toBe('open');
    expect(readPublicationState(checklist(), ownSeal).gapIssues).toEqual({});
  });

  it('rejects the app’s own state copied from another pull request', async () => {
    const issue = unrelatedIssue();
    const copied = appChecklistBody({ gapIssues: { evaluation: { number: issue.number, state: 'open' } } }, { ...PULL_REF, number: 3 });
    setUp({ checklistBody: copied });

    await deliver(probot, 'pull_request', openedPayload());

    expect(writesTo(issue.number)).toEqual([]);
    expect(issue.state).toBe('open');
  });

  it('control: uses the app’s own state, closing its gap issue once the gap is met', async () => {
    const issue = repository.addIssue({ body: 'gap', title: 'Readiness gap: Evaluation report (PR #2)' });
    setUp({ checklistBody: appChecklistBody({ gapIssues: { evaluation: { number: issue.number, state: 'open' } } }) });

    await deliver(probot, 'pull_request', openedPayload());

    expect(writesTo(issue.number)).toEqual([`POST ${REPO}/issues/${issue.number}/comments`, `PATCH ${REPO}/issues/${issue.number}`]);
    expect(issue.state).toBe('closed');
    expect(readPublicationState(checklist(), ownSeal).gapIssues).toEqual({ evaluation: { number: issue.number, state: 'closed' } });
  });
});

describe('reviews and edits', () => {
  it('never counts a review whose body was edited after submission, and says so', async () => {
    setUp();
    const r = review({ id: 51, login: 'alice', state: 'COMMENTED', body: '/signoff ml-lead', at: '2026-11-22T10:00:00Z' });
    github.history.edits.PRR_51 = '2026-11-22T10:05:00Z';

    await deliver(probot, 'pull_request_review', reviewPayload(r, 'edited'));

    expect(calls()).toContain('POST /graphql');
    expect(headCheck().output.title).toMatch(/^0 of 1 sign-offs/);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]).toMatch(/edited/);
  });

  it('control: the same review, never edited, signs off', async () => {
    setUp();
    const r = review({ id: 52, login: 'alice', state: 'COMMENTED', body: '/signoff ml-lead', at: '2026-11-22T10:00:00Z' });

    await deliver(probot, 'pull_request_review', reviewPayload(r, 'submitted'));

    expect(headCheck().conclusion).toBe('success');
    expect(replies()).toEqual([]);
  });

  it('never counts a comment edited within the second it was created (REST times look the same)', async () => {
    setUp();
    const c = comment('alice', '/signoff ml-lead', '2026-11-22T10:00:00Z');
    github.history.edits[`IC_${c.id}`] = '2026-11-22T10:00:00Z';

    await deliver(probot, 'issue_comment', { ...commentPayload(c, 'edited'), changes: { body: { from: 'lgtm' } } });

    expect(headCheck().output.title).toMatch(/^0 of 1 sign-offs/);
    expect(replies()[0]).toMatch(/edited/);
  });

  it('never counts a comment GitHub says was created with an edit, nor one GitHub does not answer for', async () => {
    setUp();
    const c = comment('alice', '/signoff ml-lead', '2026-11-22T10:00:00Z');
    github.history.createdEdits.push(`IC_${c.id}`);
    review({ id: 53, login: 'alice', state: 'COMMENTED', body: '/signoff ml-lead', at: '2026-11-22T10:01:00Z' }).node_id = undefined;

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(headCheck().output.title).toMatch(/^0 of 1 sign-offs/);
  });

  it('control: an unedited comment signs off, asking GraphQL about just that comment', async () => {
    setUp();
    const c = comment('alice', 'looks good\n/signoff ml-lead', '2026-11-22T10:00:00Z');
    comment('bob', 'no command here', '2026-11-22T10:01:00Z');
    let asked: unknown;
    nock.removeInterceptor({ method: 'POST', hostname: 'api.github.com', path: '/graphql', proto: 'https' });
    nock(API)
      .post('/graphql', (body: { variables: unknown }) => {
        asked = body.variables;
        return true;
      })
      .reply(200, { data: { nodes: [{ id: `IC_${c.id}`, lastEditedAt: null, includesCreatedEdit: false }] } });

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(asked).toEqual({ ids: [`IC_${c.id}`] });
    expect(headCheck().conclusion).toBe('success');
  });

  it('counts an entry GraphQL cannot resolve as edited, using the rest of a partial answer', async () => {
    setUp();
    const c = comment('alice', '/signoff ml-lead', '2026-11-22T10:00:00Z');
    nock.removeInterceptor({ method: 'POST', hostname: 'api.github.com', path: '/graphql', proto: 'https' });
    nock(API)
      .post('/graphql')
      .reply(200, { data: { nodes: [null] }, errors: [{ type: 'NOT_FOUND', path: ['nodes', 0], message: `Could not resolve to a node with the global id of 'IC_${c.id}'` }] });

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(headCheck().status).toBe('completed');
    expect(headCheck().output.title).toMatch(/^0 of 1 sign-offs/);
    expect(replies()[0]).toMatch(/edited/);
  });

  it('never takes a sign-off from a dismissed approval', async () => {
    setUp();
    const r = review({ id: 61, login: 'alice', state: 'DISMISSED', body: '/signoff ml-lead', at: '2026-11-22T10:00:00Z' });
    pull.dismissals.push({ reviewId: 61, previousReviewState: 'APPROVED' });

    await deliver(probot, 'pull_request_review', reviewPayload(r, 'dismissed'));

    expect(headCheck().output.title).toMatch(/^0 of 1 sign-offs/);
    expect(replies()[0]).toMatch(/dismissed/);
  });

  it('keeps a dismissed "changes requested" veto, whoever dismissed it, over another member’s sign-off', async () => {
    setUp({ teamMembers: ['dave'] });
    const veto = review({ id: 62, login: 'alice', state: 'DISMISSED', body: 'the eval set leaks', at: '2026-11-22T10:00:00Z' });
    pull.dismissals.push({ reviewId: 62, previousReviewState: 'CHANGES_REQUESTED' });
    comment('dave', '/signoff ml-lead', '2026-11-22T10:30:00Z');

    await deliver(probot, 'pull_request_review', reviewPayload(veto, 'dismissed'));

    expect(headCheck().conclusion).toBe('failure');
    expect(checklist()).toMatch(/requested changes|blocked/i);
  });

  it('control: the veto lifts when that reviewer approves later', async () => {
    setUp({ teamMembers: ['dave'] });
    review({ id: 63, login: 'alice', state: 'DISMISSED', body: 'the eval set leaks', at: '2026-11-22T10:00:00Z' });
    pull.dismissals.push({ reviewId: 63, previousReviewState: 'CHANGES_REQUESTED' });
    comment('dave', '/signoff ml-lead', '2026-11-22T10:30:00Z');
    const approval = review({ id: 64, login: 'alice', state: 'APPROVED', at: '2026-11-22T11:00:00Z' });

    await deliver(probot, 'pull_request_review', reviewPayload(approval, 'submitted'));

    expect(headCheck().conclusion).toBe('success');
  });
});
