import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { EvaluationJob } from '../../src/queue/evaluation-job.js';
import { sweep, SWEEP_EVENT } from '../../src/schedule/sweep.js';
import { sent, testClient } from '../support/recording-fetch.js';

const API = 'https://api.github.com';
const NOW = new Date('2026-11-22T12:00:00Z');
const warnings: string[] = [];
const queued: EvaluationJob[] = [];

beforeEach(() => {
  nock.disableNetConnect();
  sent.length = 0;
  warnings.length = 0;
  queued.length = 0;
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function run() {
  return sweep({
    appClient: async () => testClient(),
    installationClient: async () => testClient(),
    enqueue: async (job) => void queued.push(job),
    now: () => NOW,
    log: { info: () => undefined, warn: (_d, message) => void warnings.push(message) },
  });
}

const repo = (name: string) => ({ name, owner: { login: 'acme' }, default_branch: 'main', archived: false });

describe('a sweep of open pull requests', () => {
  it('follows every page of every list, one request per page, and queues each open pull request of a repository with a contract', async () => {
    nock(API).get('/app/installations').query({ per_page: 100 }).reply(200, [{ id: 5 }]);
    nock(API)
      .get('/installation/repositories')
      .query({ per_page: 100 })
      .reply(200, { total_count: 2, repositories: [repo('models')] }, { link: `<${API}/installation/repositories?per_page=100&page=2>; rel="next"` });
    nock(API).get('/installation/repositories').query({ per_page: 100, page: 2 }).reply(200, { total_count: 2, repositories: [repo('serving')] });
    for (const name of ['models', 'serving']) nock(API).get(`/repos/acme/${name}/contents/.github%2Freadiness.yml`).query({ ref: 'main' }).reply(200, { type: 'file', sha: 'b1' });
    nock(API)
      .get('/repos/acme/models/pulls')
      .query({ state: 'open', per_page: 100 })
      .reply(200, [{ number: 1 }], { link: `<${API}/repos/acme/models/pulls?state=open&per_page=100&page=2>; rel="next"` });
    nock(API).get('/repos/acme/models/pulls').query({ state: 'open', per_page: 100, page: 2 }).reply(200, [{ number: 9 }]);
    nock(API).get('/repos/acme/serving/pulls').query({ state: 'open', per_page: 100 }).reply(200, []);

    const report = await run();

    expect(report).toEqual({ installations: 1, repositories: 2, withContract: 2, pulls: 2, requests: 8, failed: 0 });
    expect(sent).toHaveLength(8);
    expect(queued).toEqual([1, 9].map((number) => ({ installationId: 5, ref: { owner: 'acme', repo: 'models', number }, deliveryId: `sweep-${NOW.toISOString()}`, event: SWEEP_EVENT, receivedAt: NOW.toISOString() })));
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('skips a repository GitHub would not say has a contract (a 500, retried by Octokit alone), says so, and sweeps the rest', async () => {
    nock(API).get('/app/installations').query({ per_page: 100 }).reply(200, [{ id: 5 }]);
    nock(API).get('/installation/repositories').query({ per_page: 100 }).reply(200, { total_count: 2, repositories: [repo('broken'), repo('models')] });
    nock(API).get('/repos/acme/broken/contents/.github%2Freadiness.yml').query({ ref: 'main' }).reply(500, { message: 'boom' });
    nock(API).get('/repos/acme/models/contents/.github%2Freadiness.yml').query({ ref: 'main' }).reply(200, { type: 'file', sha: 'b1' });
    nock(API).get('/repos/acme/models/pulls').query({ state: 'open', per_page: 100 }).reply(200, [{ number: 3 }]);

    const report = await run();

    expect(report).toEqual({ installations: 1, repositories: 2, withContract: 1, pulls: 1, requests: 5, failed: 1 });
    expect(warnings).toEqual(['sweep: could not tell whether the repository has a contract']);
    expect(queued.map((j) => j.ref.number)).toEqual([3]);
  });

  it('asks the account’s .github repository once, and sweeps repositories that inherit its contract', async () => {
    nock(API).get('/app/installations').query({ per_page: 100 }).reply(200, [{ id: 5 }]);
    nock(API).get('/installation/repositories').query({ per_page: 100 }).reply(200, { total_count: 2, repositories: [repo('a'), repo('b')] });
    for (const name of ['a', 'b']) {
      nock(API).get(`/repos/acme/${name}/contents/.github%2Freadiness.yml`).query({ ref: 'main' }).reply(404, { message: 'Not Found' });
      nock(API).get(`/repos/acme/${name}/pulls`).query({ state: 'open', per_page: 100 }).reply(200, [{ number: 1 }]);
    }
    nock(API).get('/repos/acme/.github/contents/.github%2Freadiness.yml').once().reply(200, { type: 'file', sha: 'org' });

    const report = await run();

    expect(report).toEqual({ installations: 1, repositories: 2, withContract: 2, pulls: 2, requests: 7, failed: 0 });
    expect(sent.filter((r) => r.path.includes('/acme/.github/'))).toHaveLength(1);
  });
});
