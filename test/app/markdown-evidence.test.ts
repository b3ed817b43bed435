/**
 * Markdown evidence over a webhook: a section that exists only inside an HTML
 * comment is a gap (issue 10 §5), and a card compared with its template reads
 * the template from the base branch, never from the pull request head.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { API, APP_ID, contentResponse, createApp, deliver, simulateGitHub } from '../support/github-app.js';
import {
  bodyOf,
  calls,
  CONTRACT,
  FRESH_HEAD,
  mockContract,
  mockConversation,
  mockConversationHistory,
  inScopeHeadCalls,
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

const SIGNOFF = {
  id: 5,
  node_id: 'PRR_5',
  body: '/signoff ml-lead looks good',
  state: 'COMMENTED',
  user: { login: 'alice', type: 'User' },
  submitted_at: '2026-11-22T10:00:00Z',
  commit_id: FRESH_HEAD,
};
const GOOD_EVAL = '{"metrics": {"auc": 0.91}}';
const TEMPLATE = 'docs/templates/model-card.md';
const TEMPLATE_TEXT = '# Model card\n\n## Intended use\n\nSay who uses the scores.\n\n## Limitations\n\nSay where the model is weaker.\n';
const TEMPLATED_CONTRACT = CONTRACT.replace('    sections: ["Intended use", "Limitations"]\n', `    sections: ["Intended use", "Limitations"]\n    template: ${TEMPLATE}\n`);

/** Evaluates PR #2 with the given card (and template at the base, when given); returns the check run posted. */
async function evaluateWith(card: string, options: { contract?: string; template?: { status: number; text?: string } } = {}) {
  mockContract(options.contract ?? CONTRACT);
  mockFiles([{ filename: 'models/churn/train.py' }]);
  mockFreshPull();
  mockEvidence(FRESH_HEAD, { 'docs/model-card.md': card, 'reports/eval.json': GOOD_EVAL });
  if (options.template) {
    const scope = nock(API).get(`${REPO}/contents/${encodeURIComponent(TEMPLATE)}`).query({ ref: 'master' });
    if (options.template.text !== undefined) scope.reply(options.template.status, contentResponse(TEMPLATE, options.template.text));
    else scope.reply(options.template.status, { message: 'Server Error' });
  }
  mockConversation([], [SIGNOFF]);
  mockConversationHistory();
  mockExistingCheck(FRESH_HEAD);
  nock(API).post(`${REPO}/check-runs`).reply(201, { id: 8 });
  nock(API).post(`${REPO}/issues/2/comments`).reply(201, { id: 99 });
  await deliver(probot, 'pull_request', openedPayload());
  expect(unusedMocks()).toEqual([]);
  return bodyOf('POST', '/check-runs');
}

const EVALUATION_REQUESTS = (extra: string[] = []) => [
  ...inScopeHeadCalls(),
  `GET ${REPO}/commits/${FRESH_HEAD}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
  `GET ${REPO}/contents/docs/model-card.md?ref=${FRESH_HEAD}`,
  `GET ${REPO}/contents/reports/eval.json?ref=${FRESH_HEAD}`,
  ...extra,
  `GET ${REPO}/issues/2/comments?per_page=100`,
  `GET ${REPO}/pulls/2/reviews?per_page=100`,
  `GET ${REPO}/pulls/2/comments?per_page=100`,
  // Whether the review that signs was edited after submission.
  `POST /graphql`,
  `POST ${REPO}/check-runs`,
  `POST ${REPO}/issues/2/comments`,
];

describe('Markdown sections over a webhook', () => {
  it('fails a card whose Limitations section exists only inside an HTML comment', async () => {
    const check = await evaluateWith('# Model card\n\n## Intended use\n\nChurn scoring.\n\n<!--\n## Limitations\n\nNot for credit decisions.\n-->\n');
    expect(calls()).toEqual(EVALUATION_REQUESTS());
    expect(check).toMatchObject({ head_sha: FRESH_HEAD, conclusion: 'failure', output: { title: '1 of 1 sign-offs · 1 of 2 evidence' } });
    expect(check.output.summary).toContain("section 'Limitations' is missing");
  });

  it('control: the same card with the section visible passes', async () => {
    const check = await evaluateWith('# Model card\n\n## Intended use\n\nChurn scoring.\n\n## Limitations\n\nNot for credit decisions.\n');
    expect(calls()).toEqual(EVALUATION_REQUESTS());
    expect(check).toMatchObject({ head_sha: FRESH_HEAD, conclusion: 'success', output: { title: '1 of 1 sign-offs · 2 of 2 evidence' } });
  });

  it('reads the template from the base branch and fails a card that is still the template', async () => {
    const check = await evaluateWith(TEMPLATE_TEXT, { contract: TEMPLATED_CONTRACT, template: { status: 200, text: TEMPLATE_TEXT } });
    expect(calls()).toEqual(EVALUATION_REQUESTS([`GET ${REPO}/contents/${TEMPLATE}?ref=master`]));
    expect(check).toMatchObject({ conclusion: 'failure', output: { title: '1 of 1 sign-offs · 1 of 2 evidence' } });
    expect(check.output.summary).toContain("section 'Intended use' (line 3) is still the template's text");
    expect(check.output.summary).toContain("section 'Limitations' (line 7) is still the template's text");
  });

  it('control: a card written for real passes against the same template', async () => {
    const card = '# Model card\n\n## Intended use\n\nChurn scoring.\n\n## Limitations\n\nNot for credit decisions.\n';
    const check = await evaluateWith(card, { contract: TEMPLATED_CONTRACT, template: { status: 200, text: TEMPLATE_TEXT } });
    expect(calls()).toEqual(EVALUATION_REQUESTS([`GET ${REPO}/contents/${TEMPLATE}?ref=master`]));
    expect(check).toMatchObject({ conclusion: 'success', output: { title: '1 of 1 sign-offs · 2 of 2 evidence' } });
  });

  it.each([
    ['missing from the base branch', 404],
    ['unreadable because GitHub failed', 500],
  ])('fails, naming a contract problem, when the template is %s', async (_name, status) => {
    const card = '# Model card\n\n## Intended use\n\nChurn scoring.\n\n## Limitations\n\nNot for credit decisions.\n';
    const check = await evaluateWith(card, { contract: TEMPLATED_CONTRACT, template: { status } });
    expect(calls()).toEqual(EVALUATION_REQUESTS([`GET ${REPO}/contents/${TEMPLATE}?ref=master`]));
    expect(check).toMatchObject({ conclusion: 'failure', output: { title: '1 of 1 sign-offs · 1 of 2 evidence' } });
    expect(check.output.summary).toContain(`template ${TEMPLATE} could not be read`);
    expect(check.output.summary).toContain('this is a problem in the contract');
  });
});
