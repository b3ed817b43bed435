import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { gapIssueKey } from '../../src/github/markers.js';
import type { PullGapFacts } from '../../src/publish/gap-issue-plan.js';
import { ensureGapIssues, type GapIssueInput } from '../../src/publish/gap-issues.js';
import { emptyPublicationState } from '../../src/publish/publication-state.js';
import { HEAD } from '../render/verdict-fixture.js';
import { cardMet, cardMissing, contract, gapFacts, judged, repo, state } from './gap-issue-fixtures.js';
import type { SimulatedRepository } from '../../src/testing/simulated-github.js';
import { APP_LOGIN, bodiesOf, calls, client, OWNER, REPO, REPO_NAME, sent, simulatedRepository } from '../support/publish-github.js';

const LIST = `GET ${REPO}/issues?creator=${APP_LOGIN}&state=all&labels=readiness-gap&per_page=100`;
const url = (number: number) => `https://github.com/${OWNER}/${REPO_NAME}/issues/${number}`;

let github: SimulatedRepository;

function input(overrides: Partial<PullGapFacts> = {}): GapIssueInput {
  return { ...gapFacts(), appLogin: APP_LOGIN, ...overrides };
}

function writes(): string[] {
  return calls().filter((c) => !c.startsWith('GET '));
}

beforeEach(() => {
  nock.disableNetConnect();
  sent.length = 0;
  github = simulatedRepository();
  github.collaborators.add('alice').add('bob');
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('filing gap issues', () => {
  it('files one issue per gap, assigned to the owner role’s collaborators, labelled, and creates the missing label once', async () => {
    const result = await ensureGapIssues(client(), input());

    expect(calls()).toEqual([
      LIST,
      `GET ${REPO}/assignees/alice`,
      `GET ${REPO}/assignees/carol`,
      `GET ${REPO}/labels/readiness-gap`,
      `POST ${REPO}/labels`,
      `POST ${REPO}/issues`,
      `POST ${REPO}/issues`,
    ]);
    expect(bodiesOf('POST', `${REPO}/labels`)).toEqual([{ name: 'readiness-gap', color: 'd93f0b', description: expect.any(String) }]);
    const [card, evaluation] = bodiesOf('POST', `${REPO}/issues`);
    expect(card).toMatchObject({ title: 'Readiness gap: Intended use and limits (PR #2)', labels: ['readiness-gap'], assignees: ['alice'] });
    expect(evaluation).toMatchObject({ title: 'Readiness gap: Evaluation on production-like data (PR #2)', assignees: ['alice'] });
    expect(evaluation.body).toContain('Pull request #2 is missing readiness evidence');
    expect(evaluation.body).toContain('- metrics.auc is 0.74, needs ≥ 0.80 (`reports/eval.json:3`)');
    expect(evaluation.body).toContain('- `metrics.auc` ≥ 0.8');
    // carol cannot be assigned, and teams never can: both are mentioned instead.
    expect(evaluation.body).toContain('cc @carol @acme/ml-leads');
    expect(evaluation.body.trimEnd().split('\n').at(-1)).toBe(gapIssueKey(repo, 2, 'evaluation'));
    expect(result.state.gapIssues).toEqual({ 'model-card': { number: 100, state: 'open' }, evaluation: { number: 101, state: 'open' } });
    expect(result.links).toEqual({ 'model-card': url(100), evaluation: url(101) });
  });

  it('does not create a label that exists', async () => {
    github.labels.add('readiness-gap');

    await ensureGapIssues(client(), input({ verdict: judged(cardMet) }));

    expect(calls()).toContain(`GET ${REPO}/labels/readiness-gap`);
    expect(calls()).not.toContain(`POST ${REPO}/labels`);
    expect(github.issues).toHaveLength(1);
  });

  it('leaves a known open issue alone: no duplicate on a repeated delivery, and no request at all', async () => {
    const first = await ensureGapIssues(client(), input());
    sent.length = 0;

    const second = await ensureGapIssues(client(), input({ state: first.state }));

    expect(calls()).toEqual([]);
    expect(github.issues).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('after a restart with no state, adopts the issues it filed before, found by their hidden key', async () => {
    const other = github.addIssue({ body: `older\n\n${gapIssueKey(repo, 3, 'evaluation')}`, labels: ['readiness-gap'] });
    await ensureGapIssues(client(), input());
    sent.length = 0;

    const again = await ensureGapIssues(client(), input({ state: emptyPublicationState() }));

    expect(calls()).toEqual([LIST]);
    expect(github.issues).toHaveLength(3);
    expect(again.state.gapIssues).toEqual({ 'model-card': { number: 101, state: 'open' }, evaluation: { number: 102, state: 'open' } });
    expect(again.links.evaluation).not.toBe(url(other.number));
  });

  it('never adopts an issue someone else wrote with a copied key', async () => {
    github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), labels: ['readiness-gap'], user: { login: 'mallory' } });

    const result = await ensureGapIssues(client(), input({ verdict: judged(cardMissing, { evidence: [cardMissing] }) }));

    expect(result.state.gapIssues['model-card']?.number).toBe(101);
    expect(github.issues).toHaveLength(2);
  });

  it('re-opens an adopted issue that was closed, with one comment, instead of filing another', async () => {
    const closed = github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), labels: ['readiness-gap'], state: 'closed' });

    const result = await ensureGapIssues(client(), input({ verdict: judged(cardMissing, { evidence: [cardMissing] }) }));

    expect(calls()).toEqual([LIST, `PATCH ${REPO}/issues/${closed.number}`, `POST ${REPO}/issues/${closed.number}/comments`]);
    expect(closed.state).toBe('open');
    expect(closed.comments.map((c) => c.body)).toEqual([`The gap is back on #2 at commit \`0123456\`:\n\n- docs/model-card.md does not exist`]);
    expect(result.state.gapIssues).toEqual({ 'model-card': { number: closed.number, state: 'open' } });
  });

  it('reads further pages only until every unknown gap is found', async () => {
    github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), labels: ['readiness-gap'] });
    for (let i = 0; i < 150; i += 1) github.addIssue({ body: gapIssueKey(repo, 1000 + i, 'model-card'), labels: ['readiness-gap'] });
    const onlyCard = judged(cardMissing, { evidence: [cardMissing] });

    const found = await ensureGapIssues(client(), input({ verdict: onlyCard }));

    expect(calls()).toEqual([LIST, `${LIST}&page=2`]);
    expect(found.state.gapIssues['model-card']).toEqual({ number: 100, state: 'open' });

    github.addIssue({ body: gapIssueKey(repo, 2, 'evaluation'), labels: ['readiness-gap'] });
    sent.length = 0;
    await ensureGapIssues(client(), input({ verdict: judged(cardMet), state: found.state }));
    expect(calls().filter((c) => c.startsWith('GET '))).toEqual([LIST]);
  });

  it('files issues without labels when the contract lists none', async () => {
    await ensureGapIssues(client(), input({ contract: contract({ gaps: { issues: true, labels: [] } }), verdict: judged(cardMet) }));

    expect(calls()[0]).toBe(`GET ${REPO}/issues?creator=${APP_LOGIN}&state=all&per_page=100`);
    expect(calls().filter((c) => c.includes('/labels'))).toEqual([]);
    expect(bodiesOf('POST', `${REPO}/issues`)[0].labels).toEqual([]);
  });

});

describe('closing and re-opening', () => {
  it('closes an issue with a short comment once its item is met', async () => {
    const issue = github.addIssue({ body: gapIssueKey(repo, 2, 'model-card') });

    const result = await ensureGapIssues(
      client(),
      input({ verdict: judged(cardMet), state: state({ 'model-card': { number: issue.number, state: 'open' }, evaluation: { number: 7, state: 'open' } }) }),
    );

    expect(writes()).toEqual([`POST ${REPO}/issues/${issue.number}/comments`, `PATCH ${REPO}/issues/${issue.number}`]);
    expect(issue.comments.map((c) => c.body)).toEqual([`The gap is closed: the evidence is met on #2 at commit \`${HEAD.slice(0, 7)}\`.`]);
    expect(bodiesOf('PATCH', `${REPO}/issues/${issue.number}`)).toEqual([{ state: 'closed', state_reason: 'completed' }]);
    expect(result.state.gapIssues).toEqual({ 'model-card': { number: issue.number, state: 'closed' }, evaluation: { number: 7, state: 'open' } });
    expect(result.links).toEqual({ evaluation: url(7) });
  });

  it('re-opens the same issue when the gap comes back, and files nothing new', async () => {
    const issue = github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), state: 'closed' });

    const result = await ensureGapIssues(
      client(),
      input({ verdict: judged(cardMissing, { evidence: [cardMissing] }), state: state({ 'model-card': { number: issue.number, state: 'closed' } }) }),
    );

    expect(calls()).toEqual([`PATCH ${REPO}/issues/${issue.number}`, `POST ${REPO}/issues/${issue.number}/comments`]);
    expect(bodiesOf('PATCH', `${REPO}/issues/${issue.number}`)).toEqual([{ state: 'open' }]);
    expect(issue.comments[0]?.body).toContain('The gap is back on #2');
    expect(result.state.gapIssues['model-card']).toEqual({ number: issue.number, state: 'open' });
    expect(result.links['model-card']).toBe(url(issue.number));
  });

  it('files a new issue when the one it knew was deleted', async () => {
    const deleted = github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), state: 'closed', deleted: true });

    const result = await ensureGapIssues(
      client(),
      input({ verdict: judged(cardMissing, { evidence: [cardMissing] }), state: state({ 'model-card': { number: deleted.number, state: 'closed' } }) }),
    );

    expect(writes()).toEqual([`PATCH ${REPO}/issues/${deleted.number}`, `POST ${REPO}/labels`, `POST ${REPO}/issues`]);
    expect(result.state.gapIssues['model-card']).toEqual({ number: 101, state: 'open' });
  });

  it('forgets an open issue that was deleted instead of failing', async () => {
    const deleted = github.addIssue({ body: 'x', deleted: true });

    const result = await ensureGapIssues(client(), input({ verdict: judged(cardMet, { evidence: [cardMet] }), state: state({ 'model-card': { number: deleted.number, state: 'open' } }) }));

    expect(result.state.gapIssues).toEqual({});
  });
});

describe('the order of writes', () => {
  it('closes first, then looks unknown gaps up once, then carries out each gap in the verdict’s order', async () => {
    const gone = github.addIssue({ body: gapIssueKey(repo, 2, 'retired') });
    const back = github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), state: 'closed' });

    const result = await ensureGapIssues(
      client(),
      input({ state: state({ retired: { number: gone.number, state: 'open' }, 'model-card': { number: back.number, state: 'closed' } }) }),
    );

    expect(calls()).toEqual([
      `POST ${REPO}/issues/${gone.number}/comments`,
      `PATCH ${REPO}/issues/${gone.number}`,
      LIST,
      `PATCH ${REPO}/issues/${back.number}`,
      `POST ${REPO}/issues/${back.number}/comments`,
      `GET ${REPO}/assignees/alice`,
      `GET ${REPO}/assignees/carol`,
      `GET ${REPO}/labels/readiness-gap`,
      `POST ${REPO}/labels`,
      `POST ${REPO}/issues`,
    ]);
    expect(result.state.gapIssues).toEqual({
      retired: { number: gone.number, state: 'closed' },
      'model-card': { number: back.number, state: 'open' },
      evaluation: { number: 102, state: 'open' },
    });
    expect(result.links).toEqual({ 'model-card': url(back.number), evaluation: url(102) });
  });
});
