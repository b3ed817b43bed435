import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { publishCheck, type CheckContent } from '../../src/publish/publish-evaluation.js';
import { sent, testClient } from '../support/recording-fetch.js';

const API = 'https://api.github.com';
const REPO = '/repos/acme/churn';
const TARGET = { repo: { owner: 'acme', repo: 'churn' }, heads: ['a'.repeat(40), 'b'.repeat(40)], name: 'readiness (release)' };
const CONTENT: CheckContent = { conclusion: 'failure', output: { title: 'T', summary: 'S', text: '', annotations: [] } };
const calls = () => sent.map((r) => `${r.method} ${r.path.split('?')[0]}`);

beforeEach(() => {
  nock.disableNetConnect();
  sent.length = 0;
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('publishCheck', () => {
  it("looks each head's run up by the app's id and name, then leaves an identical one alone and creates a missing one", async () => {
    const [first = '', second = ''] = TARGET.heads;
    nock(API)
      .get(`${REPO}/commits/${first}/check-runs`)
      .query({ check_name: 'readiness (release)', filter: 'latest', app_id: '4242' })
      .reply(200, { total_count: 1, check_runs: [{ id: 5, started_at: null, status: 'completed', conclusion: 'failure', output: { title: 'T', summary: 'S', text: '' } }] });
    nock(API).get(`${REPO}/commits/${second}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 6 });
    let asked = 0;
    const written = await publishCheck(testClient(), TARGET, CONTENT, { appId: () => ((asked += 1), Promise.resolve(4242)) });
    expect(written).toEqual(['unchanged', 'created']);
    expect(asked).toBe(1);
    expect(calls()).toEqual([`GET ${REPO}/commits/${first}/check-runs`, `GET ${REPO}/commits/${second}/check-runs`, `POST ${REPO}/check-runs`]);
    expect(sent[2]?.body).toMatchObject({ name: 'readiness (release)', head_sha: second, conclusion: 'failure' });
  });

  it('with `create`, writes a new run on every head without a lookup or the app id', async () => {
    nock(API).post(`${REPO}/check-runs`).twice().reply(201, { id: 6 });
    const written = await publishCheck(testClient(), TARGET, CONTENT, 'create');
    expect(written).toEqual(['created', 'created']);
    expect(calls()).toEqual([`POST ${REPO}/check-runs`, `POST ${REPO}/check-runs`]);
    expect(sent.map((r) => r.body.head_sha)).toEqual(TARGET.heads);
  });

  it('asks for nothing when there is no head', async () => {
    let asked = 0;
    expect(await publishCheck(testClient(), { ...TARGET, heads: [] }, CONTENT, { appId: () => ((asked += 1), Promise.resolve(4242)) })).toEqual([]);
    expect(asked).toBe(0);
    expect(calls()).toEqual([]);
  });
});
