import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { contractSchema, type Contract, type ContractInput } from '../../src/contract/schema.js';
import type { EvidenceResult, Verdict } from '../../src/evaluate/verdict.js';
import { gapIssueKey, reconcileGapIssues, type GapIssueInput } from '../../src/publish/gap-issues.js';
import { emptyPublicationState, type PublicationState } from '../../src/publish/publication-state.js';
import { evidence, HEAD, verdict } from '../render/verdict-fixture.js';
import { APP_LOGIN, bodiesOf, calls, client, FakeRepository, OWNER, REPO, REPO_NAME, sent } from '../support/fake-issues.js';

const repo = { owner: OWNER, repo: REPO_NAME };
const LIST = `GET ${REPO}/issues?creator=${APP_LOGIN}&state=all&labels=readiness-gap&per_page=100`;
const url = (number: number) => `https://github.com/${OWNER}/${REPO_NAME}/issues/${number}`;

function contract(overrides: Partial<ContractInput> = {}): Contract {
  return contractSchema.parse({
    version: 1,
    scope: { paths: ['models/**'] },
    roles: { 'ml-lead': ['@alice', '@carol', '@acme/ml-leads'], sre: ['@bob'] },
    signoffs: [{ role: 'ml-lead' }],
    evidence: [
      { id: 'model-card', title: 'Intended use and limits', owner: 'ml-lead', file: 'docs/model-card.md', sections: ['Intended use'] },
      {
        id: 'evaluation',
        title: 'Evaluation on production-like data',
        owner: 'ml-lead',
        file: 'reports/eval.json',
        fields: [{ path: 'metrics.auc', min: 0.8 }],
      },
      { id: 'runbook', title: 'Runbook', owner: 'sre', file: 'ops/runbook.md', sections: ['Escalation'] },
    ],
    waivers: { approvers: ['ml-lead'], max_days: 30 },
    ...overrides,
  });
}

const cardMissing = evidence({ status: 'missing', problems: [{ message: 'docs/model-card.md does not exist' }] });
const cardMet = evidence({ status: 'met' });

/** The fixture verdict (evaluation missing, runbook waived) with the model card as given. */
function judged(card: EvidenceResult = cardMissing, changes: Partial<Verdict> = {}): Verdict {
  const base = verdict();
  return { ...base, evidence: [card, ...base.evidence.slice(1)], ...changes };
}

let github: FakeRepository;

function input(overrides: Partial<GapIssueInput> = {}): GapIssueInput {
  return {
    repo,
    pull: { number: 2, state: 'open', merged: false, author: 'dave' },
    verdict: judged(),
    contract: contract(),
    state: emptyPublicationState(),
    appLogin: APP_LOGIN,
    gapsExplicit: false,
    ...overrides,
  };
}

function writes(): string[] {
  return calls().filter((c) => !c.startsWith('GET '));
}

function state(gapIssues: PublicationState['gapIssues']): PublicationState {
  return { gapIssues, reviewRequested: [], heads: [] };
}

beforeEach(() => {
  nock.disableNetConnect();
  sent.length = 0;
  github = new FakeRepository();
  github.collaborators.add('alice').add('bob');
  github.install();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('filing gap issues', () => {
  it('files one issue per gap, assigned to the owner role’s collaborators, labelled, and creates the missing label once', async () => {
    const result = await reconcileGapIssues(client(), input());

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

    await reconcileGapIssues(client(), input({ verdict: judged(cardMet) }));

    expect(calls()).toContain(`GET ${REPO}/labels/readiness-gap`);
    expect(calls()).not.toContain(`POST ${REPO}/labels`);
    expect(github.issues).toHaveLength(1);
  });

  it('leaves a known open issue alone: no duplicate on a repeated delivery, and no request at all', async () => {
    const first = await reconcileGapIssues(client(), input());
    sent.length = 0;

    const second = await reconcileGapIssues(client(), input({ state: first.state }));

    expect(calls()).toEqual([]);
    expect(github.issues).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('after a restart with no state, adopts the issues it filed before, found by their hidden key', async () => {
    const other = github.addIssue({ body: `older\n\n${gapIssueKey(repo, 3, 'evaluation')}`, labels: ['readiness-gap'] });
    await reconcileGapIssues(client(), input());
    sent.length = 0;

    const again = await reconcileGapIssues(client(), input({ state: emptyPublicationState() }));

    expect(calls()).toEqual([LIST]);
    expect(github.issues).toHaveLength(3);
    expect(again.state.gapIssues).toEqual({ 'model-card': { number: 101, state: 'open' }, evaluation: { number: 102, state: 'open' } });
    expect(again.links.evaluation).not.toBe(url(other.number));
  });

  it('never adopts an issue someone else wrote with a copied key', async () => {
    github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), labels: ['readiness-gap'], user: { login: 'mallory' } });

    const result = await reconcileGapIssues(client(), input({ verdict: judged(cardMissing, { evidence: [cardMissing] }) }));

    expect(result.state.gapIssues['model-card']?.number).toBe(101);
    expect(github.issues).toHaveLength(2);
  });

  it('re-opens an adopted issue that was closed, with one comment, instead of filing another', async () => {
    const closed = github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), labels: ['readiness-gap'], state: 'closed' });

    const result = await reconcileGapIssues(client(), input({ verdict: judged(cardMissing, { evidence: [cardMissing] }) }));

    expect(calls()).toEqual([LIST, `PATCH ${REPO}/issues/${closed.number}`, `POST ${REPO}/issues/${closed.number}/comments`]);
    expect(closed.state).toBe('open');
    expect(closed.comments).toEqual([`The gap is back on #2 at commit \`0123456\`:\n\n- docs/model-card.md does not exist`]);
    expect(result.state.gapIssues).toEqual({ 'model-card': { number: closed.number, state: 'open' } });
  });

  it('reads further pages only until every unknown gap is found', async () => {
    github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), labels: ['readiness-gap'] });
    for (let i = 0; i < 150; i += 1) github.addIssue({ body: gapIssueKey(repo, 1000 + i, 'model-card'), labels: ['readiness-gap'] });
    const onlyCard = judged(cardMissing, { evidence: [cardMissing] });

    const found = await reconcileGapIssues(client(), input({ verdict: onlyCard }));

    expect(calls()).toEqual([LIST, `${LIST}&page=2`]);
    expect(found.state.gapIssues['model-card']).toEqual({ number: 100, state: 'open' });

    github.addIssue({ body: gapIssueKey(repo, 2, 'evaluation'), labels: ['readiness-gap'] });
    sent.length = 0;
    await reconcileGapIssues(client(), input({ verdict: judged(cardMet), state: found.state }));
    expect(calls().filter((c) => c.startsWith('GET '))).toEqual([LIST]);
  });

  it('mentions an owner who cannot be assigned and still files the issue; bots are neither assigned nor mentioned', async () => {
    const owned = contract();
    owned.roles['ml-lead'] = ['@carol', '@deploy[bot]'];

    await reconcileGapIssues(client(), input({ contract: owned, verdict: judged(cardMet) }));

    expect(calls()).toEqual([LIST, `GET ${REPO}/assignees/carol`, `GET ${REPO}/labels/readiness-gap`, `POST ${REPO}/labels`, `POST ${REPO}/issues`]);
    const [issue] = bodiesOf('POST', `${REPO}/issues`);
    expect(issue.assignees).toEqual([]);
    expect(issue.body).toContain('cc @carol\n');
    expect(issue.body).not.toContain('cc @deploy');
  });

  it('files issues without labels when the contract lists none', async () => {
    await reconcileGapIssues(client(), input({ contract: contract({ gaps: { issues: true, labels: [] } }), verdict: judged(cardMet) }));

    expect(calls()[0]).toBe(`GET ${REPO}/issues?creator=${APP_LOGIN}&state=all&per_page=100`);
    expect(calls().filter((c) => c.includes('/labels'))).toEqual([]);
    expect(bodiesOf('POST', `${REPO}/issues`)[0].labels).toEqual([]);
  });

  it('treats a missing item as a gap, and a warning or waiver as none', async () => {
    const base = verdict();
    const items = [
      evidence({ id: 'model-card', status: 'missing' }),
      evidence({ id: 'evaluation', status: 'warning', enforceFrom: '2027-01-15' }),
      ...base.evidence.slice(2),
    ];

    const result = await reconcileGapIssues(client(), input({ verdict: { ...base, evidence: items } }));

    expect(Object.keys(result.state.gapIssues)).toEqual(['model-card']);
  });
});

describe('closing and re-opening', () => {
  it('closes an issue with a short comment once its item is met', async () => {
    const issue = github.addIssue({ body: gapIssueKey(repo, 2, 'model-card') });

    const result = await reconcileGapIssues(
      client(),
      input({ verdict: judged(cardMet), state: state({ 'model-card': { number: issue.number, state: 'open' }, evaluation: { number: 7, state: 'open' } }) }),
    );

    expect(writes()).toEqual([`POST ${REPO}/issues/${issue.number}/comments`, `PATCH ${REPO}/issues/${issue.number}`]);
    expect(issue.comments).toEqual([`The gap is closed: the evidence is met on #2 at commit \`${HEAD.slice(0, 7)}\`.`]);
    expect(bodiesOf('PATCH', `${REPO}/issues/${issue.number}`)).toEqual([{ state: 'closed', state_reason: 'completed' }]);
    expect(result.state.gapIssues).toEqual({ 'model-card': { number: issue.number, state: 'closed' }, evaluation: { number: 7, state: 'open' } });
    expect(result.links).toEqual({ evaluation: url(7) });
  });

  it('closes a waived item’s issue as not planned, saying until when and why', async () => {
    const issue = github.addIssue({ body: gapIssueKey(repo, 2, 'runbook') });

    await reconcileGapIssues(client(), input({ verdict: judged(cardMet), state: state({ runbook: { number: issue.number, state: 'open' } }) }));

    expect(issue.comments[0]).toContain('The gap is waived on #2 until 2025-03-08: escalation is being rewritten.');
    expect(issue).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
  });

  it('closes the issue of an item the contract no longer has, or that no longer applies', async () => {
    const removed = github.addIssue({ body: 'x' });
    const notApplicable = github.addIssue({ body: 'y' });

    await reconcileGapIssues(
      client(),
      input({
        verdict: judged(cardMet),
        state: state({ retired: { number: removed.number, state: 'open' }, rollback: { number: notApplicable.number, state: 'open' } }),
      }),
    );

    expect(removed.comments).toEqual(['This item is no longer part of the readiness contract.']);
    expect(notApplicable.comments).toEqual(['This item no longer applies to #2.']);
  });

  it('re-opens the same issue when the gap comes back, and files nothing new', async () => {
    const issue = github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), state: 'closed' });

    const result = await reconcileGapIssues(
      client(),
      input({ verdict: judged(cardMissing, { evidence: [cardMissing] }), state: state({ 'model-card': { number: issue.number, state: 'closed' } }) }),
    );

    expect(calls()).toEqual([`PATCH ${REPO}/issues/${issue.number}`, `POST ${REPO}/issues/${issue.number}/comments`]);
    expect(bodiesOf('PATCH', `${REPO}/issues/${issue.number}`)).toEqual([{ state: 'open' }]);
    expect(issue.comments[0]).toContain('The gap is back on #2');
    expect(result.state.gapIssues['model-card']).toEqual({ number: issue.number, state: 'open' });
    expect(result.links['model-card']).toBe(url(issue.number));
  });

  it('files a new issue when the one it knew was deleted', async () => {
    const deleted = github.addIssue({ body: gapIssueKey(repo, 2, 'model-card'), state: 'closed', deleted: true });

    const result = await reconcileGapIssues(
      client(),
      input({ verdict: judged(cardMissing, { evidence: [cardMissing] }), state: state({ 'model-card': { number: deleted.number, state: 'closed' } }) }),
    );

    expect(writes()).toEqual([`PATCH ${REPO}/issues/${deleted.number}`, `POST ${REPO}/labels`, `POST ${REPO}/issues`]);
    expect(result.state.gapIssues['model-card']).toEqual({ number: 101, state: 'open' });
  });

  it('forgets an open issue that was deleted instead of failing', async () => {
    const deleted = github.addIssue({ body: 'x', deleted: true });

    const result = await reconcileGapIssues(client(), input({ verdict: judged(cardMet, { evidence: [cardMet] }), state: state({ 'model-card': { number: deleted.number, state: 'open' } }) }));

    expect(result.state.gapIssues).toEqual({});
  });

  it.each([
    { merged: true, comment: '#2 was merged.', reason: 'completed' },
    { merged: false, comment: '#2 was closed without being merged.', reason: 'not_planned' },
  ])('closes every open gap issue when the pull request is closed (merged: $merged)', async ({ merged, comment, reason }) => {
    const a = github.addIssue({ body: 'a' });
    const b = github.addIssue({ body: 'b' });
    const done = github.addIssue({ body: 'c', state: 'closed' });

    const result = await reconcileGapIssues(
      client(),
      input({
        pull: { number: 2, state: 'closed', merged, author: 'dave' },
        verdict: null,
        // Closing needs no contract, so a closed pull request need not load one.
        contract: null,
        state: state({
          evaluation: { number: a.number, state: 'open' },
          'model-card': { number: b.number, state: 'open' },
          runbook: { number: done.number, state: 'closed' },
        }),
      }),
    );

    expect(writes()).toEqual([
      `POST ${REPO}/issues/${a.number}/comments`,
      `PATCH ${REPO}/issues/${a.number}`,
      `POST ${REPO}/issues/${b.number}/comments`,
      `PATCH ${REPO}/issues/${b.number}`,
    ]);
    for (const issue of [a, b]) expect(issue).toMatchObject({ state: 'closed', state_reason: reason, comments: [comment] });
    expect(Object.values(result.state.gapIssues).map((r) => r.state)).toEqual(['closed', 'closed', 'closed']);
    expect(result.links).toEqual({});
  });

  it('closes every open issue when the pull request falls out of scope', async () => {
    const issue = github.addIssue({ body: 'a' });

    await reconcileGapIssues(client(), input({ verdict: judged(cardMissing, { inScope: false }), state: state({ evaluation: { number: issue.number, state: 'open' } }) }));

    expect(issue.comments).toEqual(['#2 no longer changes files that the readiness contract covers.']);
    expect(github.issues).toHaveLength(1);
  });
});

describe('when filing is off', () => {
  it('files nothing with `gaps.issues: false`, but still closes issues whose gap is gone and links the open ones', async () => {
    const met = github.addIssue({ body: 'met' });
    const open = github.addIssue({ body: 'still a gap' });
    const off = contract({ gaps: { issues: false, labels: ['readiness-gap'] } });

    const result = await reconcileGapIssues(
      client(),
      input({
        contract: off,
        verdict: judged(cardMet),
        state: state({ 'model-card': { number: met.number, state: 'open' }, evaluation: { number: open.number, state: 'open' } }),
      }),
    );

    expect(calls()).toEqual([`POST ${REPO}/issues/${met.number}/comments`, `PATCH ${REPO}/issues/${met.number}`]);
    expect(result.links).toEqual({ evaluation: url(open.number) });
  });

  it('does not re-open a closed issue', async () => {
    const closed = github.addIssue({ body: 'x', state: 'closed' });

    await reconcileGapIssues(
      client(),
      input({ contract: contract({ gaps: { issues: false, labels: [] } }), state: state({ 'model-card': { number: closed.number, state: 'closed' } }) }),
    );

    expect(calls()).toEqual([]);
  });

  it('files nothing under advisory enforcement unless the contract asks for issues itself', async () => {
    const advisory = contract({ enforcement: 'advisory' });

    await reconcileGapIssues(client(), input({ contract: advisory, verdict: judged(cardMissing, { enforcement: 'advisory' }) }));
    expect(calls()).toEqual([]);

    await reconcileGapIssues(client(), input({ contract: advisory, gapsExplicit: true, verdict: judged(cardMissing, { enforcement: 'advisory' }) }));
    expect(github.issues).toHaveLength(2);
  });
});
