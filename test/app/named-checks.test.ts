/**
 * Evidence checks count only from a source the pull request author cannot
 * control (issue 10, point 2), over webhooks with the exact requests: each
 * attack fails the `readiness` check, and its legitimate control passes.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { API, createApp, deliver, examplePayload, simulateGitHub } from '../support/github-app.js';
import {
  bodyOf,
  calls,
  FRESH_HEAD,
  mockContract,
  mockConversation,
  mockExistingCheck,
  mockFiles,
  mockFreshPull,
  openedPayload,
  REPO,
  unusedMocks,
  headPullsCall,
  inScopeHeadCalls,
  mockCompare,
  mockHeadPulls,
} from '../support/pull-fixtures.js';

const EVAL_WORKFLOW = '.github/workflows/eval.yml';

function contractAsking(checks: string): string {
  return `version: 1
gaps:
  issues: false
scope:
  paths: ["models/**", ".github/workflows/**"]
roles:
  ml-lead: ["@alice"]
evidence:
  - id: eval-gate
    title: Automated evaluation gate passed on this commit
    owner: ml-lead
    checks: ${checks}
`;
}

interface Run {
  name?: string;
  app: string;
  conclusion: string | null;
  suite?: number;
}

const checkRun = ({ name = 'model-eval', app, conclusion, suite = 1 }: Run, id: number) => ({
  id,
  name,
  head_sha: FRESH_HEAD,
  status: conclusion === null ? 'in_progress' : 'completed',
  conclusion,
  app: { slug: app },
  check_suite: { id: suite },
});

const status = (login: string, type: 'User' | 'Bot', state: string, context = 'model-eval') => ({ context, state, creator: { login, type } });

const workflowRun = (suite: number, path: string) => ({ id: suite * 10, check_suite_id: suite, path, head_sha: FRESH_HEAD, referenced_workflows: [] });

const CHECK_RUNS = `${REPO}/commits/${FRESH_HEAD}/check-runs`;
const STATUSES = `${REPO}/commits/${FRESH_HEAD}/statuses`;
const WORKFLOW_RUNS = `${REPO}/actions/runs`;

/** One in-scope evaluation of PR #2 at FRESH_HEAD whose head carries these reports. */
function mockEvaluation(options: {
  contract: string;
  files?: { filename: string; status?: string }[];
  runs?: Run[];
  statuses?: unknown[];
  workflows?: unknown[] | { status: number };
  /** A `status` event carries no pull request, so only the files at the fresh head are listed. */
  fromStatusEvent?: boolean;
}) {
  mockContract(options.contract);
  const files = options.files ?? [{ filename: 'models/churn/train.py' }];
  if (options.fromStatusEvent) mockCompare(FRESH_HEAD, files);
  else mockFiles(files);
  mockFreshPull();
  mockExistingCheck(FRESH_HEAD);
  const runs = (options.runs ?? []).map(checkRun);
  nock(API).get(CHECK_RUNS).query({ filter: 'latest', per_page: 100 }).reply(200, { total_count: runs.length, check_runs: runs });
  nock(API).get(STATUSES).query({ per_page: 100 }).reply(200, options.statuses ?? []);
  if (options.workflows !== undefined) {
    const scope = nock(API).get(WORKFLOW_RUNS).query({ head_sha: FRESH_HEAD, per_page: 100 });
    if (Array.isArray(options.workflows)) scope.reply(200, { total_count: options.workflows.length, workflow_runs: options.workflows });
    else scope.reply(options.workflows.status, { message: 'Resource not accessible by integration' });
  }
  mockConversation();
  nock(API).post(`${REPO}/check-runs`).reply(201, { id: 9 });
  nock(API).post(`${REPO}/issues/2/comments`).reply(201, { id: 99 });
}

const BASE_CALLS = [
  ...inScopeHeadCalls(),
  `GET ${REPO}/commits/${FRESH_HEAD}/check-runs?check_name=readiness&filter=latest&app_id=4242`,
  `GET ${CHECK_RUNS}?filter=latest&per_page=100`,
  `GET ${STATUSES}?per_page=100`,
];
const CONVERSATION_CALLS = [`GET ${REPO}/issues/2/comments?per_page=100`, `GET ${REPO}/pulls/2/reviews?per_page=100`, `GET ${REPO}/pulls/2/comments?per_page=100`];
const WRITES = [`POST ${REPO}/check-runs`, `POST ${REPO}/issues/2/comments`];

function check(): { conclusion: string; summary: string } {
  const body = bodyOf('POST', '/check-runs');
  // The checklist keeps a zero-width space after '@' so that it pings no one.
  return { conclusion: body.conclusion, summary: String(body.output.summary).replaceAll('@\u200b', '@') };
}

let probot: Probot;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
});

describe('checks: [model-eval] (the plain name)', () => {
  it('refuses a commit status the author posted with their own token', async () => {
    mockEvaluation({ contract: contractAsking('[model-eval]'), statuses: [status('octocat', 'User', 'success')] });

    await deliver(probot, 'pull_request', openedPayload());

    // No Actions run of the name: the workflow runs are not asked for.
    expect(calls()).toEqual([...BASE_CALLS, ...CONVERSATION_CALLS, ...WRITES]);
    expect(unusedMocks()).toEqual([]);
    expect(check().conclusion).toBe('failure');
    expect(check().summary).toContain('a commit status posted by @octocat, a person');
  });

  it('control: counts the same status posted by a CI app', async () => {
    mockEvaluation({ contract: contractAsking('[model-eval]'), statuses: [status('ci-app[bot]', 'Bot', 'success')] });

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls()).toEqual([...BASE_CALLS, ...CONVERSATION_CALLS, ...WRITES]);
    expect(check().conclusion).toBe('success');
  });

  it("refuses a person's later success status after the CI app's failure; the CI app's own re-run replaces its failure", async () => {
    // GitHub lists statuses newest first.
    mockEvaluation({ contract: contractAsking('[model-eval]'), statuses: [status('octocat', 'User', 'success'), status('ci-app[bot]', 'Bot', 'failure')] });
    await deliver(probot, 'pull_request', openedPayload());
    expect(check().conclusion).toBe('failure');
    expect(check().summary).toContain('concluded failure (status by @ci-app[bot])');

    probot = createApp();
    mockEvaluation({ contract: contractAsking('[model-eval]'), statuses: [status('ci-app[bot]', 'Bot', 'success'), status('ci-app[bot]', 'Bot', 'failure')] });
    await deliver(probot, 'pull_request', openedPayload());
    expect(check().conclusion).toBe('success');
  });

  it("refuses another app's later success after CI failed", async () => {
    mockEvaluation({
      contract: contractAsking('[model-eval]'),
      runs: [
        { app: 'github-actions', conclusion: 'failure', suite: 1 },
        { app: 'helpful-app', conclusion: 'success', suite: 2 },
      ],
      workflows: [workflowRun(1, EVAL_WORKFLOW)],
    });

    await deliver(probot, 'pull_request', openedPayload());

    // The workflow runs are asked for once an Actions run of the name is seen, alongside the conversation.
    expect(calls().sort()).toEqual([...BASE_CALLS, `GET ${WORKFLOW_RUNS}?head_sha=${FRESH_HEAD}&per_page=100`, ...CONVERSATION_CALLS, ...WRITES].sort());
    expect(calls().indexOf(`GET ${WORKFLOW_RUNS}?head_sha=${FRESH_HEAD}&per_page=100`)).toBeGreaterThan(calls().indexOf(`GET ${STATUSES}?per_page=100`));
    expect(unusedMocks()).toEqual([]);
    expect(check().conclusion).toBe('failure');
    expect(check().summary).toContain(`concluded failure (GitHub Actions, ${EVAL_WORKFLOW})`);
  });

  it('control: counts the CI run that succeeded, from a workflow the pull request leaves alone', async () => {
    mockEvaluation({
      contract: contractAsking('[model-eval]'),
      runs: [{ app: 'github-actions', conclusion: 'success', suite: 1 }],
      workflows: [workflowRun(1, EVAL_WORKFLOW)],
    });

    await deliver(probot, 'pull_request', openedPayload());

    expect(unusedMocks()).toEqual([]);
    expect(check().conclusion).toBe('success');
  });

  it('refuses a run of model-eval from a workflow the pull request adds', async () => {
    mockEvaluation({
      contract: contractAsking('[model-eval]'),
      files: [{ filename: 'models/churn/train.py' }, { filename: '.github/workflows/anything.yml', status: 'added' }],
      runs: [{ app: 'github-actions', conclusion: 'success', suite: 7 }],
      // GitHub's full form of the path: owner/repo/file@ref.
      workflows: [workflowRun(7, 'Codertocat/Hello-World/.github/workflows/anything.yml@refs/heads/changes')],
    });

    await deliver(probot, 'pull_request', openedPayload());

    expect(unusedMocks()).toEqual([]);
    expect(check().conclusion).toBe('failure');
    expect(check().summary).toContain('from .github/workflows/anything.yml, which this pull request changes');
  });

  it('refuses an Actions run whose workflow the app cannot see (installed without actions: read)', async () => {
    mockEvaluation({
      contract: contractAsking('[model-eval]'),
      runs: [{ app: 'github-actions', conclusion: 'success', suite: 1 }],
      workflows: { status: 403 },
    });

    await deliver(probot, 'pull_request', openedPayload());

    expect(unusedMocks()).toEqual([]);
    expect(check().conclusion).toBe('failure');
    expect(check().summary).toContain('the app needs the actions: read permission');
  });
});

describe('named sources', () => {
  const pinned = `\n      - { name: model-eval, app: github-actions, workflow: ${EVAL_WORKFLOW} }`;

  it('workflow: refuses a run of the same name from another workflow', async () => {
    mockEvaluation({
      contract: contractAsking(pinned),
      runs: [{ app: 'github-actions', conclusion: 'success', suite: 3 }],
      workflows: [workflowRun(3, '.github/workflows/other.yml')],
    });

    await deliver(probot, 'pull_request', openedPayload());

    expect(check().conclusion).toBe('failure');
    expect(check().summary).toContain(`from .github/workflows/other.yml, not ${EVAL_WORKFLOW}`);
  });

  it('workflow: counts the run of the named workflow', async () => {
    mockEvaluation({
      contract: contractAsking(pinned),
      runs: [{ app: 'github-actions', conclusion: 'success', suite: 3 }],
      workflows: [workflowRun(3, EVAL_WORKFLOW)],
    });

    await deliver(probot, 'pull_request', openedPayload());

    expect(unusedMocks()).toEqual([]);
    expect(check().conclusion).toBe('success');
  });

  const jenkins = '\n      - { name: ci/jenkins, status_from: [jenkins-bot] }';

  it('status_from: counts the service account, a user, and refuses anyone else', async () => {
    mockEvaluation({ contract: contractAsking(jenkins), statuses: [status('jenkins-bot', 'User', 'success', 'ci/jenkins')] });
    await deliver(probot, 'pull_request', openedPayload());
    expect(calls()).toEqual([...BASE_CALLS, ...CONVERSATION_CALLS, ...WRITES]);
    expect(check().conclusion).toBe('success');

    probot = createApp();
    mockEvaluation({ contract: contractAsking(jenkins), statuses: [status('octocat', 'User', 'success', 'ci/jenkins')] });
    await deliver(probot, 'pull_request', openedPayload());
    expect(check().conclusion).toBe('failure');
    expect(check().summary).toContain('a commit status posted by @octocat, who is not listed in status_from');
  });

  it('status_from: a status of a named check completing still re-evaluates the pull requests that name it', async () => {
    const payload = examplePayload('status');
    payload.context = 'ci/jenkins';
    payload.state = 'success';
    payload.sha = FRESH_HEAD;
    mockHeadPulls(FRESH_HEAD, [{ number: 2, base: 'master' }]);
    mockContract(contractAsking(jenkins));
    mockEvaluation({ contract: contractAsking(jenkins), statuses: [status('jenkins-bot', 'User', 'success', 'ci/jenkins')], fromStatusEvent: true });

    await deliver(probot, 'status', payload);

    expect(calls().slice(0, 2)).toEqual([headPullsCall(FRESH_HEAD), `GET ${REPO}/contents/.github/readiness.yml?ref=master`]);
    expect(unusedMocks()).toEqual([]);
    expect(check().conclusion).toBe('success');
  });
});
