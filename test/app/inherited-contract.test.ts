/**
 * The audit record names the blob SHA of every file an inherited contract is
 * merged from (`_extends`, the organisation's `.github` repository), asking
 * GitHub only for the files whose SHA it does not already hold.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { API, contentResponse, createApp, deliver, simulateGitHub } from '../support/github-app.js';
import { bodyOf, calls, compareCall, HEAD, mockFiles, openedPayload, REPO, unusedMocks } from '../support/pull-fixtures.js';

const ORG_REPO = '/repos/Codertocat/.github';
const CONTRACT_URL = `${REPO}/contents/.github%2Freadiness.yml`;
const ORG_CONTRACT_URL = `${ORG_REPO}/contents/.github%2Freadiness.yml`;
const OWN_SHA = '1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa';
const ORG_SHA = '2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb';

const ORG_CONTRACT = `version: 1
scope:
  paths: ["models/**"]
roles:
  ml-lead: ["@alice"]
`;
const OWN_CONTRACT = `_extends: .github
enforcement: advisory
`;

/** Probot's config plugin reads in the raw media type; the app's own reads are JSON (with the SHA). */
const raw = (request: nock.Interceptor) => request.matchHeader('accept', /raw/);
const json = (request: nock.Interceptor) => request.matchHeader('accept', /json/);

let probot: Probot;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
});

function mockOutOfScopeRest() {
  mockFiles([{ filename: 'README.md' }]);
  nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });
}

describe('the audit record of an inherited contract', () => {
  it("records the repository's own file and the organisation file it extends, each with its blob SHA", async () => {
    json(nock(API).get(CONTRACT_URL).query({ ref: 'master' })).reply(200, contentResponse('.github/readiness.yml', OWN_CONTRACT, OWN_SHA));
    raw(nock(API).get(CONTRACT_URL).query({ ref: 'master' })).reply(200, OWN_CONTRACT);
    raw(nock(API).get(ORG_CONTRACT_URL)).reply(200, ORG_CONTRACT);
    json(nock(API).get(ORG_CONTRACT_URL)).reply(200, contentResponse('.github/readiness.yml', ORG_CONTRACT, ORG_SHA));
    mockOutOfScopeRest();

    await deliver(probot, 'pull_request', openedPayload());

    expect(calls()).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      `GET ${ORG_REPO}/contents/.github/readiness.yml`,
      // Only the inherited file is asked for again; the repository's own SHA came with the first read.
      `GET ${ORG_REPO}/contents/.github/readiness.yml`,
      compareCall(HEAD),
      `POST ${REPO}/check-runs`,
    ]);
    expect(unusedMocks()).toEqual([]);
    const text: string = bodyOf('POST', '/check-runs').output.text;
    expect(text).toContain('- Contract: merged from 2 files, each top-level key from the first that sets it:');
    expect(text).toContain(`  - \`Codertocat/Hello-World:.github/readiness.yml\`, blob \`${OWN_SHA}\``);
    expect(text).toContain(`  - \`Codertocat/.github:.github/readiness.yml\`, blob \`${ORG_SHA}\``);
    expect(text).not.toContain('blob SHA unknown');
  });

  it('records the organisation-wide contract of a repository that has none of its own', async () => {
    nock(API).get(CONTRACT_URL).query({ ref: 'master' }).times(2).reply(404, { message: 'Not Found' });
    raw(nock(API).get(ORG_CONTRACT_URL)).reply(200, ORG_CONTRACT);
    json(nock(API).get(ORG_CONTRACT_URL)).reply(200, contentResponse('.github/readiness.yml', ORG_CONTRACT, ORG_SHA));
    mockOutOfScopeRest();

    await deliver(probot, 'pull_request', openedPayload());

    expect(unusedMocks()).toEqual([]);
    expect(bodyOf('POST', '/check-runs').output.text).toContain(`- Contract: \`Codertocat/.github:.github/readiness.yml\`, blob \`${ORG_SHA}\``);
  });

  it('never records the SHA of a version that did not judge the pull request (the file changed between the reads)', async () => {
    json(nock(API).get(CONTRACT_URL).query({ ref: 'master' })).reply(200, contentResponse('.github/readiness.yml', OWN_CONTRACT, OWN_SHA));
    raw(nock(API).get(CONTRACT_URL).query({ ref: 'master' })).reply(200, OWN_CONTRACT);
    raw(nock(API).get(ORG_CONTRACT_URL)).reply(200, ORG_CONTRACT);
    const edited = ORG_CONTRACT.replace('models/**', 'nothing/**');
    json(nock(API).get(ORG_CONTRACT_URL)).reply(200, contentResponse('.github/readiness.yml', edited, ORG_SHA));
    mockOutOfScopeRest();

    await deliver(probot, 'pull_request', openedPayload());

    const text: string = bodyOf('POST', '/check-runs').output.text;
    expect(text).toContain(`  - \`Codertocat/Hello-World:.github/readiness.yml\`, blob \`${OWN_SHA}\``);
    expect(text).toContain('  - `Codertocat/.github:.github/readiness.yml`, blob SHA unknown');
    expect(text).not.toContain(ORG_SHA);
  });

  it('still judges the pull request when GitHub cannot give an inherited SHA, and says it is unknown', async () => {
    json(nock(API).get(CONTRACT_URL).query({ ref: 'master' })).reply(200, contentResponse('.github/readiness.yml', OWN_CONTRACT, OWN_SHA));
    raw(nock(API).get(CONTRACT_URL).query({ ref: 'master' })).reply(200, OWN_CONTRACT);
    raw(nock(API).get(ORG_CONTRACT_URL)).reply(200, ORG_CONTRACT);
    json(nock(API).get(ORG_CONTRACT_URL)).reply(404, { message: 'Not Found' });
    mockOutOfScopeRest();

    await deliver(probot, 'pull_request', openedPayload());

    const check = bodyOf('POST', '/check-runs');
    expect(check).toMatchObject({ conclusion: 'success' });
    expect(check.output.text).toContain('  - `Codertocat/.github:.github/readiness.yml`, blob SHA unknown');
  });
});
