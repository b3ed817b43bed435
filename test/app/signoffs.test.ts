import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import type { SimulatedComment, SimulatedGitHub, SimulatedPull, SimulatedRepository } from '../../src/testing/simulated-github.js';
import type { HeadPeriod } from '../../src/github/head-clock.js';
import { API, APP_LOGIN, createApp, deliver, simulateGitHub } from '../support/github-app.js';
import { commentPayload, appChecklistBody, calls, FRESH_HEAD, GOOD_CARD, mockContract, mockEvidence, mockFiles, mockFreshPull, REPO, simulatedExample } from '../support/pull-fixtures.js';
import { serveWithNock } from '../support/simulated-github-nock.js';

const OLD_HEAD = '2222222222222222222222222222222222222222';
const AUTHOR = 'Codertocat'; // the author of the example pull request

const CONTRACT = `version: 1
gaps:
  issues: false
scope:
  paths: ["models/**", "serving/**"]
roles:
  ml-lead: ["@alice", "@acme/ml-leads"]
  sre: ["@bob"]
signoffs:
  - role: ml-lead
  - role: sre
    when: { paths: ["serving/**"] }
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
waivers:
  approvers: [sre]
  max_days: 30
`;

let probot: Probot;
let github: SimulatedGitHub;
let pull: SimulatedPull;
let repository: SimulatedRepository;
let reviews: unknown[];

simulateGitHub();

beforeEach(() => {
  probot = createApp(new Date('2026-11-22T12:00:00Z'));
  ({ github, repository, pull } = simulatedExample());
  reviews = [];
});


interface Setup {
  contract?: string;
  changed?: string[];
  /** team member → active? for `acme/ml-leads` */
  teamMembers?: Record<string, boolean>;
  /** The app's record of the pull request's heads, in its checklist comment; by default it saw FRESH_HEAD become the head at 08:00. */
  heads?: HeadPeriod[];
}

function setUp(setup: Setup = {}): void {
  mockContract(setup.contract ?? CONTRACT).persist();
  mockFiles((setup.changed ?? ['models/churn/train.py']).map((filename) => ({ filename }))).persist();
  mockFreshPull().persist();
  mockEvidence(FRESH_HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': null }, { persist: true });
  nock(API).persist().get(`${REPO}/pulls/2/reviews`).query(true).reply(200, () => reviews);
  nock(API).persist().get(`${REPO}/pulls/2/comments`).query(true).reply(200, []);
  nock(API).persist().post(/\/reactions$/).reply(201, { id: 1, content: '+1' });
  for (const [login, active] of Object.entries(setup.teamMembers ?? {})) {
    const scope = nock(API).persist().get(`/orgs/acme/teams/ml-leads/memberships/${login}`);
    if (active) scope.reply(200, { state: 'active', role: 'member' });
    else scope.reply(404, { message: 'Not Found' });
  }
  const heads = setup.heads ?? [{ sha: FRESH_HEAD, since: '2026-11-22T08:00:00.000Z' }];
  pull.comments.push({ id: 90, body: appChecklistBody({ heads }), user: { login: APP_LOGIN, type: 'Bot' }, created_at: heads[0]?.since ?? '2026-11-22T08:00:00Z', updated_at: heads[0]?.since ?? '2026-11-22T08:00:00Z' });
  repository.checkRuns.push({
    id: 1,
    head_sha: FRESH_HEAD,
    started_at: heads.at(-1)?.since ?? '2026-11-22T08:00:00Z',
    name: 'readiness',
    status: 'completed',
    conclusion: 'failure',
    output: { title: 'earlier', summary: 'earlier', text: '' },
  });
  serveWithNock(github);
}

let nextId = 100;
function comment(login: string, body: string, at = '2026-11-22T10:00:00Z', type = 'User'): SimulatedComment {
  const c = { id: nextId++, body, user: { login, type }, created_at: at, updated_at: at };
  pull.comments.push(c);
  return c;
}


function latestCheck() {
  const run = repository.checkRuns.find((r) => r.head_sha === FRESH_HEAD);
  if (!run) throw new Error('no check run on the head');
  return run;
}

function replies(): SimulatedComment[] {
  return pull.comments.filter((c) => c.body.includes('readiness-gate:reply'));
}

function checklist(): string {
  return pull.comments.find((c) => c.body.includes('readiness-gate:checklist'))?.body ?? '';
}

describe('sign-offs given in comments', () => {
  it('counts a member of a listed team, pinned to the head it was given at, and reacts to the command', async () => {
    setUp({ teamMembers: { dave: true } });
    const c = comment('dave', '/signoff ml-lead eval looks fine');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(calls()).toContain('GET /orgs/acme/teams/ml-leads/memberships/dave');
    expect(calls()).toContain(`POST ${REPO}/issues/comments/${c.id}/reactions`);
    expect(latestCheck().output.text).toContain('dave');
    expect(latestCheck().output.title).toMatch(/^1 of 1 sign-offs/);
    expect(checklist()).toContain('@dave');
    expect(checklist()).toContain(FRESH_HEAD.slice(0, 7));
    expect(replies()).toEqual([]);
  });

  it('refuses a non-member with one reply that says why, and never a second one', async () => {
    setUp({ teamMembers: { eve: false } });
    const c = comment('eve', '/signoff ml-lead');

    await deliver(probot, 'issue_comment', commentPayload(c));
    await deliver(probot, 'issue_comment', commentPayload(c), 'delivery-2');

    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.body).toContain('@eve');
    expect(replies()[0]?.body).toContain('not a member of ml-lead');
    expect(calls()).not.toContain(`POST ${REPO}/issues/comments/${c.id}/reactions`);
    expect(latestCheck().conclusion).toBe('failure');
  });

  it('refuses the pull request author', async () => {
    setUp();
    const c = comment(AUTHOR, '/signoff ml-lead');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.body).toMatch(/author/);
    expect(checklist()).not.toContain(`@${AUTHOR}`);
  });

  it('ignores a bot without a single request', async () => {
    setUp();
    const c = comment('deploy-bot[bot]', '/signoff ml-lead', undefined, 'Bot');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(calls()).toEqual([]);
  });

  it('ignores a quoted command without a single request', async () => {
    setUp();
    const c = comment('alice', '> /signoff ml-lead\n\nquoting the thread above');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(calls()).toEqual([]);
  });

  it('does not count an edited comment, and says so', async () => {
    setUp();
    const c = comment('alice', '/signoff ml-lead');
    c.updated_at = '2026-11-22T11:00:00Z';

    await deliver(probot, 'issue_comment', { ...commentPayload(c, 'edited'), changes: { body: { from: 'lgtm' } } });

    expect(latestCheck().conclusion).toBe('failure');
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.body).toMatch(/edited/);
  });

  it('stops counting a deleted comment', async () => {
    setUp();
    const c = comment('alice', '/signoff ml-lead');
    await deliver(probot, 'issue_comment', commentPayload(c));
    expect(latestCheck().output.text).toContain('alice');

    pull.comments.splice(pull.comments.indexOf(c), 1);
    await deliver(probot, 'issue_comment', commentPayload(c, 'deleted'), 'delivery-2');

    expect(latestCheck().output.text).not.toMatch(/alice.*ml-lead|ml-lead.*alice/);
    expect(calls()).toContain(`PATCH ${REPO}/check-runs/${latestCheck().id}`);
  });

  it('lets the signer revoke their own sign-off', async () => {
    setUp();
    comment('alice', '/signoff ml-lead', '2026-11-22T10:00:00Z');
    const revoke = comment('alice', '/revoke ml-lead', '2026-11-22T10:30:00Z');

    await deliver(probot, 'issue_comment', commentPayload(revoke));

    expect(checklist()).not.toMatch(/@alice at/);
    expect(latestCheck().output.title).toMatch(/^0 of 1 sign-offs/);
  });
});

describe('sign-offs and later pushes', () => {
  function signedBeforeThePush(changedSinceSignoff: string[]): SimulatedComment {
    // The app saw OLD_HEAD become the head at 08:00, alice signed at 09:00, FRESH_HEAD was pushed and seen at 11:00.
    setUp({
      heads: [
        { sha: OLD_HEAD, since: '2026-11-22T08:00:00.000Z' },
        { sha: FRESH_HEAD, since: '2026-11-22T11:00:00.000Z' },
      ],
    });
    nock(API)
      .get(`${REPO}/compare/${OLD_HEAD}...${FRESH_HEAD}`)
      .query(true)
      .reply(200, { status: 'ahead', commits: [{ sha: FRESH_HEAD }], files: changedSinceSignoff.map((filename) => ({ filename })) });
    return comment('alice', '/signoff ml-lead', '2026-11-22T09:00:00Z');
  }

  it('goes stale when a later commit changes files in the requirement’s scope, naming the commit', async () => {
    const c = signedBeforeThePush(['models/churn/train.py']);

    await deliver(probot, 'issue_comment', commentPayload(c));

    // The app's own record dates the heads: no commit list and no check-run lookups on earlier commits.
    expect(calls()).toContain(`GET ${REPO}/compare/${OLD_HEAD}...${FRESH_HEAD}?per_page=100`);
    expect(calls().filter((c) => c.includes('/pulls/2/commits') || c.includes(`/commits/${OLD_HEAD}/check-runs`))).toEqual([]);
    expect(latestCheck().conclusion).toBe('failure');
    expect(checklist()).toMatch(/stale/i);
    expect(checklist()).toContain(FRESH_HEAD.slice(0, 7));
  });

  it('stays valid when later commits touch nothing in scope', async () => {
    const c = signedBeforeThePush(['docs/guide.txt']);

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(latestCheck().output.title).toMatch(/^1 of 1 sign-offs/);
    expect(latestCheck().output.text).toContain(OLD_HEAD.slice(0, 7));
  });
});

describe('vetoes, roles and waivers', () => {
  it('blocks a role while a member’s "changes requested" review stands, even with another member’s sign-off', async () => {
    setUp({ teamMembers: { dave: true } });
    reviews = [
      { id: 7, state: 'CHANGES_REQUESTED', body: 'the eval set leaks', user: { login: 'alice', type: 'User' }, submitted_at: '2026-11-22T10:30:00Z', commit_id: FRESH_HEAD },
    ];
    const c = comment('dave', '/signoff ml-lead', '2026-11-22T10:45:00Z');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(latestCheck().output.title).toMatch(/^0 of 1 sign-offs/);
    expect(checklist()).toMatch(/alice/);
    expect(checklist()).toMatch(/requested changes|blocked/i);
  });

  it('lets one person fill only one role under distinct_people', async () => {
    setUp({ contract: CONTRACT.replace('sre: ["@bob"]', 'sre: ["@bob", "@alice"]'), changed: ['serving/app.py'] });
    const c = comment('alice', '/signoff ml-lead sre');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(latestCheck().output.title).toMatch(/^1 of 2 sign-offs/);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.body).toContain('sre');
  });

  it('accepts a waiver from an approver and shows its reason and expiry', async () => {
    setUp();
    const c = comment('bob', '/waive evaluation 7d report lands with the next model run', '2026-11-22T10:00:00Z');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(checklist()).toContain('report lands with the next model run');
    expect(checklist()).toMatch(/2026-11-29/);
    expect(calls()).toContain(`POST ${REPO}/issues/comments/${c.id}/reactions`);
  });

  it('refuses a waiver over the contract’s limit', async () => {
    setUp();
    const c = comment('bob', '/waive evaluation 90d not now');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.body).toMatch(/30/);
    expect(latestCheck().output.title).not.toMatch(/waived/);
  });

  it('treats an expired waiver as a gap again', async () => {
    setUp();
    const c = comment('bob', '/waive evaluation 7d report lands later', '2026-11-10T10:00:00Z');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(latestCheck().conclusion).toBe('failure');
    expect(checklist()).toMatch(/expired/i);
  });
});

describe('what the conversation makes the app fetch (evaluate/fact-needs.ts)', () => {
  function reviewAt(login: string, body: string, commit: string): void {
    reviews.push({ id: 70 + reviews.length, node_id: `PRR_${70 + reviews.length}`, state: 'COMMENTED', body, user: { login, type: 'User' }, submitted_at: '2026-11-22T10:00:00Z', commit_id: commit });
  }

  function conversationRequests(): string[] {
    return calls().filter((c) => c.includes('/memberships/') || c.includes(`/compare/${OLD_HEAD}`) || c === 'POST /graphql');
  }

  it('attack: the author’s own sign-offs in reviews at older commits cost no comparison and no membership look-up', async () => {
    setUp({ contract: CONTRACT.replace('ml-lead: ["@alice", "@acme/ml-leads"]', `ml-lead: ["@alice", "@acme/ml-leads", "@${AUTHOR}"]`) });
    reviewAt(AUTHOR, '/signoff ml-lead', OLD_HEAD);
    const c = comment(AUTHOR, '/signoff ml-lead');

    await deliver(probot, 'issue_comment', commentPayload(c));

    // GraphQL is still asked whether the commands were edited: that refusal comes first, whoever wrote them.
    expect(conversationRequests()).toEqual(['POST /graphql']);
    expect(latestCheck().output.title).toMatch(/^0 of 1 sign-offs/);
  });

  it('control: a team member’s sign-off in a review at an older commit asks the membership and the comparison', async () => {
    setUp({ teamMembers: { dave: true } });
    nock(API).get(`${REPO}/compare/${OLD_HEAD}...${FRESH_HEAD}`).query(true).reply(200, { status: 'ahead', commits: [{ sha: FRESH_HEAD }], files: [] });
    reviewAt('dave', '/signoff ml-lead', OLD_HEAD);
    const c = comment('alice', '/readiness');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(conversationRequests()).toEqual(['POST /graphql', 'GET /orgs/acme/teams/ml-leads/memberships/dave', `GET ${REPO}/compare/${OLD_HEAD}...${FRESH_HEAD}?per_page=100`]);
    expect(latestCheck().output.title).toMatch(/^1 of 1 sign-offs/);
  });

  it('asks no comparison when the contract keeps sign-offs over pushes (invalidate_on_push: false)', async () => {
    setUp({ contract: `${CONTRACT}signoff_policy:\n  invalidate_on_push: false\n`, teamMembers: { dave: true } });
    reviewAt('dave', '/signoff ml-lead', OLD_HEAD);
    const c = comment('alice', '/readiness');

    await deliver(probot, 'issue_comment', commentPayload(c));

    expect(conversationRequests()).toEqual(['POST /graphql', 'GET /orgs/acme/teams/ml-leads/memberships/dave']);
    expect(latestCheck().output.title).toMatch(/^1 of 1 sign-offs/);
  });
});
