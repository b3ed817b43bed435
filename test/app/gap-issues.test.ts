import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import type { SimulatedGitHub, SimulatedPull, SimulatedRepository } from '../../src/testing/simulated-github.js';
import { API, APP_ID, contentResponse, createApp, deliver, examplePayload, sent, simulateGitHub } from '../support/github-app.js';
import { calls, CONTRACT, FRESH_HEAD, GOOD_CARD, HEAD, mockContract, mockFiles, mockFreshPull, openedPayload, REPO, simulatedExample } from '../support/pull-fixtures.js';
import { serveWithNock } from '../support/simulated-github-nock.js';

const FILING_CONTRACT = CONTRACT.replace('gaps:\n  issues: false\n', '');

let probot: Probot;
let github: SimulatedGitHub;
let pull: SimulatedPull;
let repository: SimulatedRepository;
/** The evaluation report at the head, changed between deliveries to fix or break the gap. */
let evalReport: string;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
  ({ github, repository, pull } = simulatedExample());
  repository.collaborators.add('alice');
  evalReport = '{"metrics": {"auc": 0.74}}';
});


function setUp(contract = FILING_CONTRACT): void {
  mockContract(contract).persist();
  mockFiles([{ filename: 'models/churn/train.py' }]).persist();
  mockFreshPull().persist();
  nock(API).persist().get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: FRESH_HEAD }).reply(200, contentResponse('docs/model-card.md', GOOD_CARD));
  nock(API)
    .persist()
    .get(`${REPO}/contents/reports%2Feval.json`)
    .query({ ref: FRESH_HEAD })
    .reply(200, () => contentResponse('reports/eval.json', evalReport));
  nock(API).persist().get(`${REPO}/pulls/2/reviews`).query(true).reply(200, []);
  nock(API).persist().get(`${REPO}/pulls/2/comments`).query(true).reply(200, []);
  // PR comments, check runs and review requests first: their routes are more specific than the issue routes.
  serveWithNock(github);
}

function writes(): string[] {
  return calls().filter((c) => !c.startsWith('GET '));
}

function checklist(): string {
  return pull.comments.find((c) => c.body.includes('readiness-gate:checklist'))?.body ?? '';
}

describe('gap issues', () => {
  it('files one issue per gap, assigned to the owner, labelled, saying what is missing, and links it from the checklist', async () => {
    setUp();

    await deliver(probot, 'pull_request', openedPayload());

    expect(repository.issues).toHaveLength(1);
    const issue = repository.issues[0]!;
    expect(issue.title).toBe('Readiness gap: Evaluation on production-like data (PR #2)');
    expect(issue.assignees).toEqual(['alice']);
    expect(issue.labels).toEqual(['readiness-gap']);
    expect(issue.body).toContain('#2');
    expect(issue.body).toContain('metrics.auc is 0.74');
    expect(writes()).toEqual([
      `POST ${REPO}/check-runs`,
      `POST ${REPO}/labels`,
      `POST ${REPO}/issues`,
      `POST ${REPO}/pulls/2/requested_reviewers`,
      `POST ${REPO}/issues/2/comments`,
    ]);
    expect(checklist()).toContain(`[#${issue.number}](https://github.com/Codertocat/Hello-World/issues/${issue.number})`);
  });

  it('never files a second issue, on redelivery or on concurrent deliveries, and requests reviewers once', async () => {
    setUp();

    await Promise.all([deliver(probot, 'pull_request', openedPayload()), deliver(probot, 'pull_request', openedPayload(), 'delivery-2')]);
    sent.length = 0;
    await deliver(probot, 'pull_request', openedPayload(), 'delivery-3');

    expect(repository.issues).toHaveLength(1);
    expect(pull.reviewRequests).toHaveLength(1);
    expect(writes()).toEqual([]);
  });

  it('closes the issue with a comment when the gap is met, and re-opens the same issue when it comes back', async () => {
    setUp();
    await deliver(probot, 'pull_request', openedPayload());
    const issue = repository.issues[0]!;

    evalReport = '{"metrics": {"auc": 0.91}}';
    await deliver(probot, 'pull_request', examplePayload('pull_request', 'synchronize'), 'delivery-2');
    expect(issue.state).toBe('closed');
    expect(issue.comments).toHaveLength(1);

    evalReport = '{"metrics": {"auc": 0.70}}';
    await deliver(probot, 'pull_request', examplePayload('pull_request', 'synchronize'), 'delivery-3');
    expect(repository.issues).toHaveLength(1);
    expect(issue.state).toBe('open');
    expect(issue.comments[1]?.body).toContain('0.7');
  });

  it('closes every open gap issue when the pull request is closed', async () => {
    setUp();
    await deliver(probot, 'pull_request', openedPayload());
    const closed = examplePayload('pull_request', 'closed');
    closed.number = 2;
    closed.pull_request = { ...openedPayload().pull_request, state: 'closed', merged: false };
    sent.length = 0;

    await deliver(probot, 'pull_request', closed, 'delivery-2');

    expect(repository.issues[0]).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    // Its head's check is looked up to be withdrawn, then the gap issues are settled from the checklist's state.
    expect(calls().slice(0, 2)).toEqual([
      `GET ${REPO}/commits/${HEAD}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
      `GET ${REPO}/issues/2/comments?per_page=100`,
    ]);
    expect(checklist()).toContain('"state":"closed"');
  });

  it('files nothing when the contract turns issues off', async () => {
    setUp(CONTRACT);

    await deliver(probot, 'pull_request', openedPayload());

    expect(repository.issues).toEqual([]);
    expect(calls().some((c) => c.includes('/labels') || c.endsWith('/issues'))).toBe(false);
  });

  it('still files the issue when the owner cannot be assigned, mentioning them instead', async () => {
    repository.collaborators.delete('alice');
    setUp();

    await deliver(probot, 'pull_request', openedPayload());

    expect(repository.issues).toHaveLength(1);
    expect(repository.issues[0]!.assignees).toEqual([]);
    expect(repository.issues[0]!.body).toContain('@alice');
  });
});
