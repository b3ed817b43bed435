import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { CHECKLIST_MARKER } from '../../src/github/markers.js';
import { API, APP_ID, createApp, deliver, simulateGitHub } from '../support/github-app.js';
import {
  bodyOf,
  mockConversationHistory,
  calls,
  compareCall,
  CONTRACT,
  FRESH_HEAD,
  GOOD_CARD,
  HEAD,
  headPullsCall,
  mockContract,
  mockConversation,
  mockEvidence,
  mockExistingCheck,
  mockFiles,
  mockFreshPull,
  openedPayload,
  REPO,
  unusedMocks,
} from '../support/pull-fixtures.js';

let probot: Probot;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
});


describe('pull_request events', () => {
  it('posts nothing at all in a repository that has no contract', async () => {
    nock(API).get(`${REPO}/contents/.github%2Freadiness.yml`).query({ ref: 'master' }).times(2).reply(404, { message: 'Not Found' });
    nock(API).get('/repos/Codertocat/.github/contents/.github%2Freadiness.yml').reply(404, { message: 'Not Found' });

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls()).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      'GET /repos/Codertocat/.github/contents/.github/readiness.yml',
    ]);
    expect(unusedMocks()).toEqual([]);
  });

  it('passes an out-of-scope pull request with three requests and no comment', async () => {
    mockContract(CONTRACT);
    mockFiles([{ filename: 'README.md' }, { filename: 'models/notes.md' }]);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls()).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      compareCall(HEAD),
      `POST ${REPO}/check-runs`,
    ]);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({
      name: 'readiness',
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'No model or deployment paths changed' },
    });
  });

  it('fails an in-scope pull request with gaps, posts one checklist comment and judges the current head', async () => {
    mockContract(CONTRACT);
    mockFiles([{ filename: 'models/churn/train.py' }]);
    mockFreshPull();
    mockEvidence(FRESH_HEAD, { 'docs/model-card.md': '# Model card\n\n## Intended use\n\nTODO\n', 'reports/eval.json': '{"metrics": {"auc": 0.74}}' });
    mockConversation();
    mockExistingCheck(FRESH_HEAD);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 8 });
    nock(API).post(`${REPO}/pulls/2/requested_reviewers`).reply(201, {});
    nock(API).post(`${REPO}/issues/2/comments`).reply(201, { id: 99 });

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls()).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      compareCall(HEAD),
      `GET ${REPO}/pulls/2`,
      // The head moved since the delivery: the files of the head that is judged, and who else has that head.
      compareCall(FRESH_HEAD),
      headPullsCall(FRESH_HEAD),
      `GET ${REPO}/commits/${FRESH_HEAD}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
      `GET ${REPO}/contents/docs/model-card.md?ref=${FRESH_HEAD}`,
      `GET ${REPO}/contents/reports/eval.json?ref=${FRESH_HEAD}`,
      `GET ${REPO}/issues/2/comments?per_page=100`,
      `GET ${REPO}/pulls/2/reviews?per_page=100`,
      `GET ${REPO}/pulls/2/comments?per_page=100`,
      `POST ${REPO}/check-runs`,
      `POST ${REPO}/pulls/2/requested_reviewers`,
      `POST ${REPO}/issues/2/comments`,
    ]);
    expect(bodyOf('POST', '/requested_reviewers')).toEqual({ reviewers: ['alice'], team_reviewers: [] });
    const check = bodyOf('POST', '/check-runs');
    expect(check).toMatchObject({ head_sha: FRESH_HEAD, conclusion: 'failure', output: { title: '0 of 1 sign-offs · 0 of 2 evidence' } });
    expect(check.output.summary).toContain('metrics.auc is 0.74');
    expect(check.output.text).toContain('b10b5a');
    const comment = bodyOf('POST', '/issues/2/comments');
    expect(comment.body).toContain(CHECKLIST_MARKER);
    expect(comment.body).toContain('Limitations');
  });

  it('passes an in-scope pull request whose evidence and sign-offs are all there', async () => {
    mockContract(CONTRACT);
    mockFiles([{ filename: 'models/churn/train.py' }]);
    mockFreshPull();
    mockEvidence(FRESH_HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.91}}' });
    mockConversation(
      [],
      [
        {
          id: 5,
          node_id: 'PRR_5',
          body: '/signoff ml-lead looks good',
          state: 'COMMENTED',
          user: { login: 'alice', type: 'User' },
          submitted_at: '2026-11-22T10:00:00Z',
          commit_id: FRESH_HEAD,
        },
      ],
    );
    mockConversationHistory();
    mockExistingCheck(FRESH_HEAD);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 8 });
    nock(API).post(`${REPO}/issues/2/comments`).reply(201, { id: 99 });

    await deliver(probot, 'pull_request', openedPayload());

    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'success', output: { title: '1 of 1 sign-offs · 2 of 2 evidence' } });
    expect(unusedMocks()).toEqual([]);
  });
});
