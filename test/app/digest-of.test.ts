/**
 * `digest_of` over webhooks: the report and the model are both read at the
 * pull request's head, with the fewest requests (one per file of up to 1 MB,
 * one more to stream a larger one), and a report that does not speak of the
 * committed model fails the check.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { API, APP_ID, createApp, deliver, simulateGitHub } from '../support/github-app.js';
import {
  bodyOf,
  calls,
  FRESH_HEAD,
  mockContract,
  mockConversation,
  mockConversationHistory,
  mockEvidence,
  mockExistingCheck,
  mockFiles,
  mockFreshPull,
  openedPayload,
  REPO,
  unusedMocks,
  inScopeHeadCalls,
} from '../support/pull-fixtures.js';

const CONTRACT = `version: 1
gaps:
  issues: false
scope:
  paths: ["models/**"]
roles:
  ml-lead: ["@alice"]
signoffs:
  - role: ml-lead
evidence:
  - id: evaluation
    title: Evaluation of this model
    owner: ml-lead
    file: reports/eval.json
    fields:
      - { path: metrics.auc, min: 0.8 }
      - { path: model.sha256, digest_of: models/churn.onnx }
`;

const OLD_MODEL_OID = '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393';
const NEW_MODEL_OID = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const pointer = (oid: string) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 48211\n`;
const report = (sha: string) => `{\n  "model": { "sha256": "${sha}" },\n  "metrics": { "auc": 0.91 }\n}\n`;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const ALICE_SIGNS = {
  id: 5,
  node_id: 'PRR_5',
  body: '/signoff ml-lead',
  state: 'COMMENTED',
  user: { login: 'alice', type: 'User' },
  submitted_at: '2026-11-22T10:00:00Z',
  commit_id: FRESH_HEAD,
};

/** The model file as the contents API's object media type answers it. */
function mockModel(answer: Record<string, unknown>, status = 200) {
  return nock(API)
    .get(`${REPO}/contents/${encodeURIComponent('models/churn.onnx')}`)
    .query({ ref: FRESH_HEAD })
    .matchHeader('accept', 'application/vnd.github.object+json')
    .reply(status, answer);
}

function inlineFile(text: string | Buffer) {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return { type: 'file', path: 'models/churn.onnx', sha: 'b10b0001', size: bytes.length, encoding: 'base64', content: bytes.toString('base64') };
}

function mockPullWithReport(reportText: string) {
  mockContract(CONTRACT);
  mockFiles([{ filename: 'models/churn.onnx' }, { filename: 'reports/eval.json' }]);
  mockFreshPull();
  mockEvidence(FRESH_HEAD, { 'reports/eval.json': reportText });
  mockConversation([], [ALICE_SIGNS]);
  mockConversationHistory();
  mockExistingCheck(FRESH_HEAD);
  nock(API).post(`${REPO}/check-runs`).reply(201, { id: 8 });
  nock(API).post(`${REPO}/issues/2/comments`).reply(201, { id: 99 });
}

const READS = [
  ...inScopeHeadCalls(),
  `GET ${REPO}/commits/${FRESH_HEAD}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
  `GET ${REPO}/contents/reports/eval.json?ref=${FRESH_HEAD}`,
  `GET ${REPO}/contents/models/churn.onnx?ref=${FRESH_HEAD}`,
];
const CONVERSATION = [
  `GET ${REPO}/issues/2/comments?per_page=100`,
  `GET ${REPO}/pulls/2/reviews?per_page=100`,
  `GET ${REPO}/pulls/2/comments?per_page=100`,
  // Whether Alice's review was edited after submission.
  `POST /graphql`,
];
const WRITES = [`POST ${REPO}/check-runs`, `POST ${REPO}/issues/2/comments`];

let probot: Probot;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
});

describe('digest_of over webhooks', () => {
  it('control: passes when the report names the oid of the model’s Git LFS pointer, with one request for the model', async () => {
    mockPullWithReport(report(OLD_MODEL_OID));
    mockModel(inlineFile(pointer(OLD_MODEL_OID)));

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls()).toEqual([...READS, ...CONVERSATION, ...WRITES]);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ head_sha: FRESH_HEAD, conclusion: 'success', output: { title: '1 of 1 sign-offs · 1 of 1 evidence' } });
    expect(unusedMocks()).toEqual([]);
  });

  it('attack: fails when the pull request swaps the model and keeps the report written for the old one', async () => {
    mockPullWithReport(report(OLD_MODEL_OID));
    mockModel(inlineFile(pointer(NEW_MODEL_OID)));

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls()).toEqual([...READS, ...CONVERSATION, ...WRITES]);
    const check = bodyOf('POST', '/check-runs');
    expect(check).toMatchObject({ conclusion: 'failure', output: { title: '1 of 1 sign-offs · 0 of 1 evidence' } });
    expect(check.output.summary).toContain(`model.sha256 is "${OLD_MODEL_OID}", needs "${NEW_MODEL_OID}" (the oid in the Git LFS pointer models/churn.onnx, line 2)`);
    expect(check.output.annotations).toContainEqual(expect.objectContaining({ path: 'reports/eval.json', start_line: 2 }));
    expect(unusedMocks()).toEqual([]);
  });

  it('streams a model over 1 MB from its blob, hashing it, and passes when the report has its SHA-256', async () => {
    const model = Buffer.alloc(1_500_000, 42);
    mockPullWithReport(report(sha256(model)));
    mockModel({ type: 'file', path: 'models/churn.onnx', sha: 'b10b0002', size: model.length, encoding: 'none', content: '' });
    nock(API)
      .get(`${REPO}/git/blobs/b10b0002`)
      .matchHeader('accept', 'application/vnd.github.raw+json')
      .reply(200, model, { 'content-type': 'application/vnd.github.raw' });

    await deliver(probot, 'pull_request', openedPayload());

    // The blob is asked for only once the contents answer names it, in parallel with the conversation reads,
    // so only the reads as a set and the writes after them have a fixed order.
    const made = calls();
    expect(made.slice(0, -WRITES.length).sort()).toEqual([...READS, ...CONVERSATION, `GET ${REPO}/git/blobs/b10b0002`].sort());
    expect(made.slice(-WRITES.length)).toEqual(WRITES);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'success' });
    expect(unusedMocks()).toEqual([]);
  });

  it('never downloads a model over the cap: a gap that says it is too large to hash', async () => {
    mockPullWithReport(report(OLD_MODEL_OID));
    mockModel({ type: 'file', path: 'models/churn.onnx', sha: 'b10b0003', size: 200 * 1024 * 1024, encoding: 'none', content: '' });

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls()).toEqual([...READS, ...CONVERSATION, ...WRITES]);
    const check = bodyOf('POST', '/check-runs');
    expect(check.conclusion).toBe('failure');
    expect(check.output.summary).toContain('models/churn.onnx is too large to hash (more than 100 MiB)');
  });

  it('a missing model, or a directory in its place, is a gap that says so', async () => {
    mockPullWithReport(report(OLD_MODEL_OID));
    mockModel({ message: 'Not Found' }, 404);
    await deliver(probot, 'pull_request', openedPayload());
    expect(bodyOf('POST', '/check-runs').output.summary).toContain('model.sha256 cannot be checked: models/churn.onnx does not exist at the head commit');

    probot = createApp();
    mockPullWithReport(report(OLD_MODEL_OID));
    mockModel({ type: 'dir', path: 'models/churn.onnx', sha: 'd1r', size: 0, entries: [] });
    await deliver(probot, 'pull_request', openedPayload());
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ conclusion: 'failure' });
    expect(bodyOf('POST', '/check-runs').output.summary).toContain('models/churn.onnx is not a file');
    expect(unusedMocks()).toEqual([]);
  });
});
