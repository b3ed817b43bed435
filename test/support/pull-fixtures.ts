/** nock stand-ins for the GitHub requests one pull-request evaluation makes (the example repository Codertocat/Hello-World, PR #2). */
import nock from 'nock';
import type { HeadPeriod } from '../../src/github/head-clock.js';
import { CHECKLIST_MARKER } from '../../src/github/markers.js';
import { emptyPublicationState, writePublicationState, type PublicationState } from '../../src/publish/publication-state.js';
import { stateKey, stateSeal } from '../../src/publish/state-seal.js';
import { answerConversationHistory } from '../../src/testing/graphql-history.js';
import type { SimulatedComment, SimulatedGitHub, SimulatedPull, SimulatedRepository } from '../../src/testing/simulated-github.js';
import { API, APP_ID, contentResponse, examplePayload, sent, simulatedGitHub, WEBHOOK_SECRET } from './github-app.js';

export const REPO = '/repos/Codertocat/Hello-World';
export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const FRESH_HEAD = '1111111111111111111111111111111111111111';
/** The example payload's `base.sha`: file lists are compared from it. */
export const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';

export const CONTRACT = `version: 1
gaps:
  issues: false
scope:
  paths: ["models/**", "serving/**"]
  ignore: ["**/*.md"]
roles:
  ml-lead: ["@alice"]
signoffs:
  - role: ml-lead
evidence:
  - id: model-card
    title: Intended use and limits
    owner: ml-lead
    file: docs/model-card.md
    sections: ["Intended use", "Limitations"]
  - id: evaluation
    title: Evaluation on production-like data
    owner: ml-lead
    file: reports/eval.json
    fields:
      - { path: metrics.auc, min: 0.8 }
`;

export const GOOD_CARD = '# Model card\n\n## Intended use\n\nChurn scoring for retention offers.\n\n## Limitations\n\nNot for credit decisions.\n';

export function openedPayload(): Record<string, any> {
  return examplePayload('pull_request', 'opened');
}

/** The GitHub requests an evaluation made, without the token exchange and the app lookup. */
export function calls(): string[] {
  return sent
    .filter((r) => !r.path.includes('/access_tokens') && r.path !== '/app')
    .map((r) => `${r.method} ${r.path}`);
}

/** Mocks a test set up but the app never asked for (the shared auth mocks are optional). */
export function unusedMocks(): string[] {
  return nock.pendingMocks().filter((m) => !m.includes('/app'));
}

export function bodyOf(method: string, pathPart: string): any {
  return sent.find((r) => r.method === method && r.path.includes(pathPart))?.body;
}

export function mockContract(text: string, ref = 'master') {
  return nock(API).get(`${REPO}/contents/.github%2Freadiness.yml`).query({ ref }).reply(200, contentResponse('.github/readiness.yml', text, 'b10b5a'));
}

/** The files changed at the payload's head and (the same files, if asked) at the fresh head mockFreshPull serves. */
export function mockFiles(files: { filename: string; status?: string }[]) {
  const scope = mockCompare(HEAD, files);
  return mockCompare(FRESH_HEAD, files, { optional: true, scope });
}

/** The compare of the base with one head, as the app lists a pull request's files. */
export function mockCompare(
  head: string,
  files: { filename: string; status?: string }[],
  options: { optional?: boolean; base?: string; scope?: nock.Scope } = {},
) {
  return (options.scope ?? nock(API))
    .get(`${REPO}/compare/${options.base ?? BASE}...${head}`)
    .query({ per_page: 1 })
    .optionally(options.optional ?? false)
    .reply(200, { status: 'ahead', files: files.map((f) => ({ status: 'modified', ...f })) });
}

/** The compare path as calls() shows it. */
export function compareCall(head: string, base = BASE): string {
  return `GET ${REPO}/compare/${base}...${head}?per_page=1`;
}

/** PR #2 at the fresh head; GitHub then lists it alone as the open pull request with that head. */
export function mockFreshPull(overrides: Record<string, unknown> = {}) {
  const pull = { ...openedPayload().pull_request, head: { ...openedPayload().pull_request.head, sha: FRESH_HEAD }, ...overrides };
  const scope = mockHeadPulls(pull.head.sha, [{ number: 2, base: pull.base.ref }], { optional: true });
  return scope.get(`${REPO}/pulls/2`).reply(200, pull);
}

/** GitHub's open pull requests whose head is `sha`. */
export function mockHeadPulls(sha: string, pulls: { number: number; base: string; state?: string }[], options: { optional?: boolean; scope?: nock.Scope } = {}) {
  return (options.scope ?? nock(API))
    .get(`${REPO}/commits/${sha}/pulls`)
    .query({ per_page: 100 })
    .optionally(options.optional ?? false)
    .reply(
      200,
      pulls.map((p) => ({ number: p.number, state: p.state ?? 'open', head: { sha }, base: { ref: p.base } })),
    );
}

export function headPullsCall(sha: string): string {
  return `GET ${REPO}/commits/${sha}/pulls?per_page=100`;
}

/**
 * What an in-scope evaluation of the example pull request reads first: the contract, the files at the
 * delivered head, the pull request as it is now, the files at that (fresh) head, and who else has it.
 */
export function inScopeHeadCalls(): string[] {
  return [`GET ${REPO}/contents/.github/readiness.yml?ref=master`, compareCall(HEAD), `GET ${REPO}/pulls/2`, compareCall(FRESH_HEAD), headPullsCall(FRESH_HEAD)];
}

export function mockEvidence(sha: string, files: Record<string, string | null>, options: { persist?: boolean } = {}) {
  for (const [path, text] of Object.entries(files)) {
    const scope = (options.persist ? nock(API).persist() : nock(API)).get(`${REPO}/contents/${encodeURIComponent(path)}`).query({ ref: sha });
    if (text === null) scope.reply(404, { message: 'Not Found' });
    else scope.reply(200, contentResponse(path, text));
  }
}

export function mockConversation(comments: unknown[] = [], reviews: unknown[] = []) {
  nock(API).get(`${REPO}/issues/2/comments`).query({ per_page: 100 }).reply(200, comments);
  nock(API).get(`${REPO}/pulls/2/reviews`).query({ per_page: 100 }).reply(200, reviews);
  nock(API).get(`${REPO}/pulls/2/comments`).query({ per_page: 100 }).reply(200, []);
}

export function mockExistingCheck(sha: string, runs: unknown[] = []) {
  return nock(API)
    .get(`${REPO}/commits/${sha}/check-runs`)
    .query({ check_name: 'readiness', filter: 'latest', app_id: String(APP_ID) })
    .reply(200, { total_count: runs.length, check_runs: runs });
}

/** The writes a first in-scope evaluation makes when a role is missing: the check run, the review request and the comment. */
export function mockFirstEvaluationWrites() {
  nock(API).get(`${REPO}/commits/${FRESH_HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
  nock(API).post(`${REPO}/check-runs`).reply(201, { id: 3 });
  nock(API).post(`${REPO}/pulls/2/requested_reviewers`).reply(201, {});
  nock(API).post(`${REPO}/issues/2/comments`).reply(201, { id: 4 });
}

/** The example pull request, as the app's state seal binds it. */
export const PULL_REF = { owner: 'Codertocat', repo: 'Hello-World', number: 2 };

/** The app's hidden state line, signed as the test app signs it (with the tests' webhook secret). */
export function signedStateLine(state: Partial<PublicationState>, ref = PULL_REF): string {
  return writePublicationState({ ...emptyPublicationState(), ...state }, stateSeal(stateKey(WEBHOOK_SECRET), ref));
}

/** A checklist comment body as the app would have left it, recording `heads` (its clock for plain-comment sign-offs). */
export function appChecklistBody(state: Partial<PublicationState> & { heads?: HeadPeriod[] } = {}, ref = PULL_REF): string {
  return `${CHECKLIST_MARKER}\n## Production readiness (earlier evaluation)\n${signedStateLine(state, ref)}`;
}

/** What a test's GraphQL answer knows of a conversation: node id → when it was last edited, and dismissed reviews. */
export interface ConversationHistoryFixture {
  edits?: Record<string, string>;
  /** Node ids whose creation already included an edit (`includesCreatedEdit`). */
  createdEdits?: string[];
  dismissals?: { reviewId: number; previousReviewState: string }[];
}

export function mockConversationHistory(history: ConversationHistoryFixture = {}) {
  const { edits = {}, createdEdits = [], dismissals = [] } = history;
  return nock(API)
    .post('/graphql')
    .reply(200, (_uri, body) => answerConversationHistory(body, { edits, createdEdits }, () => dismissals));
}

/**
 * The example pull request in a simulated GitHub, for stateful scenarios: its conversation, check runs,
 * review requests, issues and GraphQL history live there; what it is not given (the pull request's own
 * fields, reviews, contents) the test serves with the mocks above. Serve it with serveWithNock.
 */
export function simulatedExample(): { github: SimulatedGitHub; repository: SimulatedRepository; pull: SimulatedPull } {
  const github = simulatedGitHub();
  const repository = github.repository(PULL_REF.owner, PULL_REF.repo);
  return { github, repository, pull: repository.pull(PULL_REF.number) };
}

/** An `issue_comment` delivery (GitHub's example) for comment `c` on the example pull request #2. */
export function commentPayload(c: SimulatedComment, action = 'created'): Record<string, any> {
  const payload = examplePayload('issue_comment', 'created');
  payload.action = action;
  payload.issue.number = 2;
  payload.issue.pull_request = { url: `https://api.github.com${REPO}/pulls/2` };
  payload.comment = { ...payload.comment, ...c };
  return payload;
}
