import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { CHECKLIST_MARKER } from '../../src/github/markers.js';
import type { SimulatedGitHub, SimulatedPull, SimulatedRepository } from '../../src/testing/simulated-github.js';
import { API, APP_ID, createApp, deliver, examplePayload, sent, simulateGitHub } from '../support/github-app.js';
import {
  BASE,
  bodyOf,
  calls,
  CONTRACT,
  FRESH_HEAD,
  GOOD_CARD,
  HEAD,
  mockContract,
  mockEvidence,
  mockExistingCheck,
  mockFiles,
  mockFreshPull,
  openedPayload,
  REPO,
  simulatedExample,
  unusedMocks,
} from '../support/pull-fixtures.js';
import { serveWithNock } from '../support/simulated-github-nock.js';

let probot: Probot;
let github: SimulatedGitHub;
let repository: SimulatedRepository;
let pull: SimulatedPull;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
  ({ github, repository, pull } = simulatedExample());
});


/** Everything one in-scope evaluation reads, answered as often as asked. */
function mockInScopeReads(contract = CONTRACT, changed = [{ filename: 'models/churn/train.py' }]): void {
  mockContract(contract).persist();
  mockFiles(changed).persist();
  mockFreshPull().persist();
  mockEvidence(FRESH_HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.74}}' }, { persist: true });
  nock(API).persist().get(`${REPO}/pulls/2/reviews`).query(true).reply(200, []);
  nock(API).persist().get(`${REPO}/pulls/2/comments`).query(true).reply(200, []);
  serveWithNock(github);
}

function writes(): string[] {
  return calls().filter((c) => !c.startsWith('GET '));
}

describe('reconciling GitHub with the verdict', () => {
  it('ends duplicate concurrent deliveries in one comment and one check run', async () => {
    mockInScopeReads();

    await Promise.all([
      deliver(probot, 'pull_request', openedPayload(), 'delivery-1'),
      deliver(probot, 'pull_request', openedPayload(), 'delivery-1'),
      deliver(probot, 'pull_request', openedPayload(), 'delivery-2'),
    ]);

    expect(pull.comments).toHaveLength(1);
    expect(pull.comments[0]?.body).toContain(CHECKLIST_MARKER);
    expect(repository.checkRuns).toHaveLength(1);
    expect(writes()).toEqual([`POST ${REPO}/check-runs`, `POST ${REPO}/pulls/2/requested_reviewers`, `POST ${REPO}/issues/2/comments`]);
    expect(pull.reviewRequests).toEqual([{ reviewers: ['alice'], team_reviewers: [] }]);
  });

  it('makes no write at all when a redelivery finds nothing changed', async () => {
    mockInScopeReads();
    await deliver(probot, 'pull_request', openedPayload(), 'delivery-1');
    sent.length = 0;

    await deliver(probot, 'pull_request', openedPayload(), 'delivery-1');

    expect(calls().length).toBeGreaterThan(0);
    expect(writes()).toEqual([]);
  });

  it('edits its own comment in place when the verdict changes, and ignores a look-alike comment by someone else', async () => {
    mockInScopeReads();
    pull.comments.push({
      id: 42,
      body: `${CHECKLIST_MARKER}\nall good, trust me`,
      user: { login: 'mallory', type: 'User' },
      created_at: '2026-11-22T09:00:00Z',
      updated_at: '2026-11-22T09:00:00Z',
    });
    await deliver(probot, 'pull_request', openedPayload());
    const ours = pull.comments.find((c) => c.user.login !== 'mallory');
    if (!ours) throw new Error('no checklist comment was created');
    ours.body = `${CHECKLIST_MARKER}\nan older checklist`;
    sent.length = 0;

    await deliver(probot, 'pull_request', examplePayload('pull_request', 'synchronize'));

    expect(writes()).toContain(`PATCH ${REPO}/issues/comments/${ours.id}`);
    expect(writes()).not.toContain(`PATCH ${REPO}/issues/comments/42`);
    expect(pull.comments).toHaveLength(2);
    expect(pull.comments.find((c) => c.id === 42)?.body).toContain('trust me');
  });
});

describe('contract outcomes', () => {
  it('fails the check with line and column annotations when the contract is broken', async () => {
    mockContract('version: 1\nscope:\n  paths: ["models/**"]\nenforcment: advisory\n');
    nock(API).get(`${REPO}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 1 });

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls()).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      `GET ${REPO}/commits/${HEAD}/check-runs?check_name=readiness&filter=latest&app_id=4242`,
      `POST ${REPO}/check-runs`,
    ]);
    const check = bodyOf('POST', '/check-runs');
    expect(check.conclusion).toBe('failure');
    expect(check.output.annotations).toEqual([
      expect.objectContaining({ path: '.github/readiness.yml', start_line: 4, end_line: 4, start_column: 1, annotation_level: 'failure' }),
    ]);
    expect(check.output.annotations[0].message).toContain('enforcment');
  });

  function mockContractEditingPull(proposed: string): void {
    mockContract(CONTRACT, 'master');
    mockFiles([{ filename: '.github/readiness.yml' }, { filename: 'models/churn/train.py' }]);
    mockFreshPull();
    mockEvidence(FRESH_HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.95}}', '.github/readiness.yml': proposed });
    nock(API).get(`${REPO}/issues/2/comments`).query(true).reply(200, []);
    nock(API).get(`${REPO}/pulls/2/reviews`).query(true).reply(200, []);
    nock(API).get(`${REPO}/pulls/2/comments`).query(true).reply(200, []);
    nock(API).get(`${REPO}/commits/${FRESH_HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 1 });
    nock(API).post(`${REPO}/pulls/2/requested_reviewers`).reply(201, {});
    nock(API).post(`${REPO}/issues/2/comments`).reply(201, { id: 2 });
  }

  it('judges a pull request that edits the contract by the base branch contract, needing every role', async () => {
    // The proposed contract would drop every requirement; it must not judge its own pull request.
    mockContractEditingPull('version: 1\nscope:\n  paths: ["nothing/**"]\n');

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls().filter((c) => c.includes('readiness.yml'))).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      `GET ${REPO}/contents/.github/readiness.yml?ref=${FRESH_HEAD}`,
    ]);
    const check = bodyOf('POST', '/check-runs');
    expect(check.conclusion).toBe('failure');
    expect(check.output.title).toMatch(/^0 of 1 sign-offs/);
    const comment = bodyOf('POST', '/issues/2/comments').body;
    expect(comment).toContain('changes the readiness contract itself');
    expect(comment).toContain('The proposed .github/readiness.yml is valid');
  });

  it('shows errors in the proposed contract with line and column, and fails', async () => {
    mockContractEditingPull('version: 1\nscope:\n  paths: ["models/**"]\nenforcment: advisory\n');

    await deliver(probot, 'pull_request', openedPayload());

    const check = bodyOf('POST', '/check-runs');
    expect(check.conclusion).toBe('failure');
    expect(check.output.annotations).toContainEqual(
      expect.objectContaining({ path: '.github/readiness.yml', start_line: 4, start_column: 1, annotation_level: 'failure', title: 'Contract error' }),
    );
    expect(bodyOf('POST', '/issues/2/comments').body).toContain('.github/readiness.yml:4:1: enforcment');
  });

  it('reports neutral, not failure, under advisory enforcement', async () => {
    mockInScopeReads(CONTRACT.replace('version: 1\n', 'version: 1\nenforcement: advisory\n'));

    await deliver(probot, 'pull_request', openedPayload());

    expect(repository.checkRuns[0]).toMatchObject({ conclusion: 'neutral' });
  });

  it('never reports success when the contract cannot be loaded', async () => {
    nock(API).get(`${REPO}/contents/.github%2Freadiness.yml`).query({ ref: 'master' }).reply(502, { message: 'Bad Gateway' });
    nock(API).get(`${REPO}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 1 });

    await deliver(probot, 'pull_request', openedPayload());

    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'failure', output: { title: 'Readiness could not be evaluated' } });
    expect(bodyOf('POST', '/check-runs').output.summary).toContain('502');
  });
});

describe('events that re-evaluate', () => {
  it('re-evaluates at once when the base branch changes, and ignores title edits', async () => {
    const titleEdit = { ...openedPayload(), action: 'edited', changes: { title: { from: 'old' } } };
    await deliver(probot, 'pull_request', titleEdit);
    expect(calls()).toEqual([]);

    mockExistingCheck(HEAD);
    mockContract(CONTRACT, 'release');
    mockFiles([{ filename: 'docs/readme.txt' }]);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 1 });
    const baseChange: Record<string, any> = { ...openedPayload(), action: 'edited', changes: { base: { ref: { from: 'master' }, sha: { from: 'abc' } } } };
    baseChange.pull_request.base.ref = 'release';

    await deliver(probot, 'pull_request', baseChange);

    // The old base's verdict on this head is looked up to be withdrawn (there is none here), then the new base judges.
    expect(calls().slice(0, 2)).toEqual([
      `GET ${REPO}/commits/${HEAD}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
      `GET ${REPO}/contents/.github/readiness.yml?ref=release`,
    ]);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ name: 'readiness (release)', conclusion: 'success' });
  });

  it('re-evaluates the pull requests of a re-requested readiness check', async () => {
    const payload = examplePayload('check_run', 'rerequested');
    payload.check_run.name = 'readiness';
    payload.check_run.pull_requests = [{ number: 2, base: { ref: 'master' }, head: { ref: 'feature' } }];
    const pull = payload.check_run.pull_requests[0];
    const repoPath = `/repos/${payload.repository.full_name}`;
    nock(API).get(`${repoPath}/pulls/${pull.number}`).reply(200, { ...openedPayload().pull_request, number: pull.number, state: 'open' });
    nock(API).get(`${repoPath}/contents/.github%2Freadiness.yml`).query(true).reply(200, { type: 'file', sha: 'b', content: Buffer.from(CONTRACT).toString('base64'), encoding: 'base64' });
    nock(API).get(`${repoPath}/compare/${BASE}...${HEAD}`).query(true).reply(200, { files: [{ filename: 'README.md', status: 'modified' }] });
    nock(API).get(`${repoPath}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    nock(API).post(`${repoPath}/check-runs`).reply(201, { id: 1 });

    await deliver(probot, 'check_run', payload);

    expect(calls()).toEqual([
      `GET ${repoPath}/pulls/${pull.number}`,
      `GET ${repoPath}/contents/.github/readiness.yml?ref=master`,
      `GET ${repoPath}/compare/${BASE}...${HEAD}?per_page=1`,
      // Not a delivered pull request: the current check is looked up, so an unchanged one is not written again.
      `GET ${repoPath}/commits/${HEAD}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
      `POST ${repoPath}/check-runs`,
    ]);
  });

  it('leaves an unchanged out-of-scope check alone when nothing delivered the pull request (a sweep, a timer, a re-request)', async () => {
    const payload = examplePayload('check_run', 'rerequested');
    payload.check_run.name = 'readiness';
    payload.check_run.pull_requests = [{ number: 2, base: { ref: 'master' }, head: { ref: 'feature' } }];
    const repoPath = `/repos/${payload.repository.full_name}`;
    const mockReads = () => {
      nock(API).get(`${repoPath}/pulls/2`).reply(200, { ...openedPayload().pull_request, number: 2, state: 'open' });
      nock(API).get(`${repoPath}/contents/.github%2Freadiness.yml`).query(true).reply(200, { type: 'file', sha: 'b', content: Buffer.from(CONTRACT).toString('base64'), encoding: 'base64' });
      nock(API).get(`${repoPath}/compare/${BASE}...${HEAD}`).query(true).reply(200, { files: [{ filename: 'README.md', status: 'modified' }] });
    };
    mockReads();
    nock(API).get(`${repoPath}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    nock(API).post(`${repoPath}/check-runs`).reply(201, { id: 1 });
    await deliver(probot, 'check_run', payload);
    const written = bodyOf('POST', '/check-runs');

    sent.length = 0;
    mockReads();
    nock(API)
      .get(`${repoPath}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: [{ id: 1, started_at: '2026-11-22T12:00:00Z', status: 'completed', conclusion: written.conclusion, output: written.output, details_url: null }] });
    await deliver(probot, 'check_run', payload, 'delivery-2');

    expect(calls().filter((c) => !c.startsWith('GET '))).toEqual([]);
    expect(unusedMocks()).toEqual([]);
  });

  it('re-evaluates open pull requests when the default branch changes the contract, and nothing else on other pushes', async () => {
    const payload = examplePayload('push');
    const repoPath = `/repos/${payload.repository.full_name}`;
    payload.ref = `refs/heads/${payload.repository.default_branch}`;
    payload.commits = [{ id: 'abc', added: [], removed: [], modified: ['src/app.ts'] }];
    // Every push to the default branch reads the contract to see whether it asks for a dashboard (this one does not).
    const contractRead = `GET ${repoPath}/contents/.github/readiness.yml?ref=${payload.repository.default_branch}`;
    mockContract(CONTRACT).persist();
    await deliver(probot, 'push', payload);
    expect(calls()).toEqual([contractRead]);
    sent.length = 0;

    payload.commits = [{ id: 'abc', added: [], removed: [], modified: ['.github/readiness.yml'] }];
    nock(API)
      .get(`${repoPath}/pulls`)
      .query({ state: 'open', base: payload.repository.default_branch, per_page: 100 })
      .reply(200, [{ number: 7 }]);
    nock(API).get(`${repoPath}/pulls/7`).reply(200, { ...openedPayload().pull_request, number: 7, state: 'closed' });
    nock(API).get(`${repoPath}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    nock(API).get(`${repoPath}/issues/7/comments`).query(true).reply(200, []);

    await deliver(probot, 'push', payload);

    // The dashboard's job runs beside the pull request's, so its one read may come at any point.
    expect(calls().filter((c) => c === contractRead)).toHaveLength(1);
    expect(calls().filter((c) => c !== contractRead)).toEqual([
      `GET ${repoPath}/pulls?state=open&base=${payload.repository.default_branch}&per_page=100`,
      `GET ${repoPath}/pulls/7`,
      // It was closed meanwhile: a check of its on its head would be withdrawn (there is none).
      `GET ${repoPath}/commits/${HEAD}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
      // Only its gap issues could need settling, and it has no checklist.
      `GET ${repoPath}/issues/7/comments?per_page=100`,
    ]);
  });

  it('puts the check on a merge-queue group head too', async () => {
    const payload = examplePayload('merge_group', 'checks_requested');
    const repoPath = `/repos/${payload.repository.full_name}`;
    payload.merge_group.head_ref = 'refs/heads/gh-readonly-queue/main/pr-2-ec26c3e57ca3a959ca5aad62de7213c562f8c821';
    payload.merge_group.head_sha = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';
    nock(API).get(`${repoPath}/pulls/2`).reply(200, { ...openedPayload().pull_request, state: 'open' });
    nock(API).get(`${repoPath}/contents/.github%2Freadiness.yml`).query(true).reply(200, { type: 'file', sha: 'b', content: Buffer.from(CONTRACT).toString('base64'), encoding: 'base64' });
    nock(API).get(`${repoPath}/compare/${BASE}...${HEAD}`).query(true).reply(200, { files: [{ filename: 'README.md', status: 'modified' }] });
    nock(API).get(/\/commits\/[0-9a-f]{40}\/check-runs/).query(true).times(2).reply(200, { total_count: 0, check_runs: [] });
    nock(API).post(`${repoPath}/check-runs`).times(2).reply(201, { id: 1 });

    await deliver(probot, 'merge_group', payload);

    const writes = sent.filter((r) => r.method === 'POST' && r.path.endsWith('/check-runs')).map((r) => [r.body.head_sha, r.body.name, r.body.conclusion]);
    expect(writes).toEqual([
      [HEAD, 'readiness', 'success'],
      ['abcdefabcdefabcdefabcdefabcdefabcdefabcd', 'readiness', 'success'],
    ]);
  });
});
