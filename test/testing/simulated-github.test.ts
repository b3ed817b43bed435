/**
 * The one simulated GitHub (src/testing/): what it answers as GitHub would,
 * what it leaves to a test's own interceptors, and its transports.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { answerRequest, routeRequest } from '../../src/testing/github-routes.js';
import { HttpGitHub } from '../../src/testing/http-github.js';
import { SimulatedGitHub, type SimulatedRepository } from '../../src/testing/simulated-github.js';
import { serveWithNock } from '../support/simulated-github-nock.js';

const REPO = '/repos/acme/models';

let github: SimulatedGitHub;
let repository: SimulatedRepository;

beforeEach(() => {
  github = new SimulatedGitHub({ appId: 7, now: () => new Date('2026-11-22T12:00:00Z') });
  repository = github.repository('acme', 'models');
});

const get = (path: string) => answerRequest(github, { method: 'GET', path });
const post = (path: string, body: unknown) => answerRequest(github, { method: 'POST', path, body });

describe('what it answers', () => {
  it('serves a file at a ref over the file at every ref, and 404 for a file absent there', () => {
    repository.setFile('docs/card.md', 'base text');
    repository.setFile('docs/card.md', 'head text', 'abc123');
    repository.setFile('docs/gone.md', 'was here');
    repository.setFile('docs/gone.md', null, 'abc123');

    const decoded = (path: string) => Buffer.from(String((get(path)?.data as { content: string }).content), 'base64').toString('utf8');
    expect(decoded(`${REPO}/contents/docs%2Fcard.md?ref=main`)).toBe('base text');
    expect(decoded(`${REPO}/contents/docs%2Fcard.md?ref=abc123`)).toBe('head text');
    expect(get(`${REPO}/contents/docs%2Fgone.md?ref=abc123`)?.status).toBe(404);
    expect(get(`${REPO}/contents/docs%2Fmissing.md?ref=main`)?.status).toBe(404);
  });

  it('lists the newest check run of each name and app, and only the asked app’s when app_id is given', () => {
    repository.checkRuns.push(
      { id: 1, head_sha: 'abc', started_at: '', name: 'readiness', status: 'completed', conclusion: 'failure', output: { title: 'old', summary: null, text: null } },
      { id: 2, head_sha: 'abc', started_at: '', name: 'readiness', status: 'completed', conclusion: 'success', output: { title: 'new', summary: null, text: null } },
      { id: 3, head_sha: 'abc', started_at: '', name: 'readiness', status: 'completed', conclusion: 'success', output: { title: 'forged', summary: null, text: null }, app: { id: 99, slug: 'mallory-app' } },
      { id: 4, head_sha: 'def', started_at: '', name: 'readiness', status: 'completed', conclusion: 'success', output: { title: 'other commit', summary: null, text: null } },
    );

    const all = get(`${REPO}/commits/abc/check-runs?filter=latest`)?.data as { check_runs: { id: number }[] };
    const ours = get(`${REPO}/commits/abc/check-runs?check_name=readiness&filter=latest&app_id=7`)?.data as { total_count: number; check_runs: { id: number }[] };

    expect(all.check_runs.map((r) => r.id)).toEqual([3, 2]);
    expect(ours).toMatchObject({ total_count: 1, check_runs: [{ id: 2, app: { id: 7 } }] });
  });

  it('creates a check run stamped with its time and records the write', () => {
    const created = post(`${REPO}/check-runs`, { head_sha: 'abc', name: 'readiness', conclusion: 'success', output: { title: 't', summary: 's' } });

    expect(created).toMatchObject({ status: 201, data: { status: 'completed', started_at: '2026-11-22T12:00:00.000Z', output: { title: 't', summary: 's', text: null } } });
    expect(github.checkRunWrites).toEqual([expect.objectContaining({ repository, headSha: 'abc' })]);
  });

  it('lists commit statuses of one commit newest first', () => {
    repository.statuses = [
      { sha: 'abc', context: 'ci/eval', state: 'failure', creator: { login: 'ci-bot', type: 'Bot' }, created_at: '2026-11-22T10:00:00Z' },
      { sha: 'abc', context: 'ci/eval', state: 'success', creator: { login: 'mallory', type: 'User' }, created_at: '2026-11-22T11:00:00Z' },
      { sha: 'def', context: 'ci/eval', state: 'success', creator: { login: 'ci-bot', type: 'Bot' }, created_at: '2026-11-22T11:00:00Z' },
    ];

    const statuses = get(`${REPO}/commits/abc/statuses?per_page=100`)?.data as { state: string; creator: { login: string } }[];

    expect(statuses.map((s) => [s.state, s.creator.login])).toEqual([
      ['success', 'mallory'],
      ['failure', 'ci-bot'],
    ]);
  });

  it('compares a pull request’s base with its heads only, and finds the open pull requests of a head', () => {
    const pull = repository.pull(3, { files: ['models/a.onnx'], baseSha: 'ba5e' });
    const head = pull.push();
    const other = repository.pull(4, { files: ['README.md'] });
    other.push(head);
    other.state = 'closed';

    expect(get(`${REPO}/compare/ba5e...${head}?per_page=1`)?.data).toEqual({ status: 'ahead', files: [{ filename: 'models/a.onnx', status: 'modified' }] });
    expect(get(`${REPO}/compare/0bad...${head}`)?.status).toBe(404);
    expect((get(`${REPO}/commits/${head}/pulls?per_page=100`)?.data as { number: number }[]).map((p) => p.number)).toEqual([3]);
  });

  it('pages a listing with GitHub’s link to the next page', () => {
    for (let i = 0; i < 3; i += 1) repository.addIssue({ body: `issue ${i}` });

    const first = answerRequest(github, { method: 'GET', path: `${REPO}/issues?per_page=2`, origin: 'http://127.0.0.1:9/api/v3' });

    expect((first?.data as unknown[]).length).toBe(2);
    expect(first?.headers?.link).toBe(`<http://127.0.0.1:9/api/v3${REPO}/issues?per_page=2&page=2>; rel="next"`);
    expect((get(`${REPO}/issues?per_page=2&page=2`)?.data as unknown[]).length).toBe(1);
  });

  it('answers team memberships and GraphQL dismissals of the pull request asked about', () => {
    github.teams.set('acme/ml-leads', new Set(['dave']));
    repository.pull(2).dismissals.push({ reviewId: 61, previousReviewState: 'CHANGES_REQUESTED' });
    repository.pull(5);

    expect(get('/orgs/acme/teams/ml-leads/memberships/dave')?.data).toEqual({ state: 'active', role: 'member' });
    expect(get('/orgs/acme/teams/ml-leads/memberships/eve')?.status).toBe(404);
    const dismissals = (number: number) => post('/graphql', { query: 'REVIEW_DISMISSED_EVENT', variables: { owner: 'acme', repo: 'models', number } })?.data;
    expect(dismissals(2)).toEqual({ data: { repository: { pullRequest: { timelineItems: { nodes: [{ previousReviewState: 'CHANGES_REQUESTED', review: { databaseId: 61 } }] } } } } });
    expect(dismissals(5)).toEqual({ data: { repository: { pullRequest: { timelineItems: { nodes: [] } } } } });
  });
});

describe('what the sweep lists', () => {
  const asInstallation = (path: string, id: number) => answerRequest(github, { method: 'GET', path, authorization: `token simulated-token-${id}` });

  it('gives each installation a token of its own and lists only that installation’s repositories for it', () => {
    const other = github.repository('globex', 'site');
    other.archived = true;
    github.install(1, [repository]);
    github.install(2, [other]);

    const token = (id: number) => (post(`/app/installations/${id}/access_tokens`, {})?.data as { token: string }).token;
    expect([token(1), token(2)]).toEqual(['simulated-token-1', 'simulated-token-2']);
    expect(get('/app/installations?per_page=100')?.data).toEqual([{ id: 1, account: { login: 'acme' } }, { id: 2, account: { login: 'globex' } }]);
    expect(asInstallation('/installation/repositories?per_page=100', 1)?.data).toEqual({ total_count: 1, repositories: [{ name: 'models', full_name: 'acme/models', owner: { login: 'acme' }, default_branch: 'main', archived: false }] });
    expect(asInstallation('/installation/repositories?per_page=100', 2)?.data).toMatchObject({ total_count: 1, repositories: [{ full_name: 'globex/site', archived: true }] });
    // Without an installation's token (or with one it does not know) the listing is not the simulation's to answer.
    expect(routeRequest(github, 'GET', '/installation/repositories')).toBeUndefined();
    expect(asInstallation('/installation/repositories', 3)).toBeUndefined();
  });

  it('lists the open pull requests that have a head, into the base asked for, newest first as GitHub does', () => {
    repository.pull(1).push();
    repository.pull(2, { baseRef: 'release' }).push();
    const closed = repository.pull(3);
    closed.push();
    closed.state = 'closed';
    repository.pull(4);

    const numbers = (path: string) => (get(path)?.data as { number: number }[]).map((p) => p.number);
    expect(numbers(`${REPO}/pulls?state=open&per_page=100`)).toEqual([2, 1]);
    expect(numbers(`${REPO}/pulls?state=open&base=main&per_page=100`)).toEqual([1]);
    expect(numbers(`${REPO}/pulls?state=all&per_page=100`)).toEqual([3, 2, 1]);
  });
});

describe('what it leaves to the test', () => {
  it('does not cover facts it was not given: contents, a pull request without a head, reviews, statuses, unknown teams and repositories', () => {
    const pull = repository.pull(2);

    expect(routeRequest(github, 'GET', `${REPO}/contents/docs%2Fcard.md?ref=main`)).toBeUndefined();
    expect(routeRequest(github, 'GET', `${REPO}/pulls/2`)).toBeUndefined();
    expect(routeRequest(github, 'GET', `${REPO}/compare/a...b`)).toBeUndefined();
    expect(routeRequest(github, 'GET', `${REPO}/pulls/2/reviews`)).toBeUndefined();
    expect(routeRequest(github, 'GET', `${REPO}/commits/abc/statuses`)).toBeUndefined();
    expect(routeRequest(github, 'GET', '/orgs/acme/teams/sre/memberships/bob')).toBeUndefined();
    expect(routeRequest(github, 'GET', '/repos/acme/other/issues/2/comments')).toBeUndefined();
    // Nor the installations, nor open pull requests while none has a head (a test serves its own list).
    expect(routeRequest(github, 'GET', '/app/installations')).toBeUndefined();
    expect(routeRequest(github, 'GET', `${REPO}/pulls?state=open`)).toBeUndefined();

    pull.reviews = [];
    expect(routeRequest(github, 'GET', `${REPO}/pulls/2/reviews`)).toBeDefined();
    expect(routeRequest(github, 'GET', `${REPO}/issues/2/comments`)).toBeDefined();
  });

  describe('through nock', () => {
    beforeEach(() => nock.disableNetConnect());
    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it('answers what it covers and lets the test’s own interceptor answer the rest, without changing state to decide', async () => {
      const pull = repository.pull(2);
      serveWithNock(github);
      nock('https://api.github.com').get(`${REPO}/pulls/2`).reply(200, { number: 2, from: 'the test' });

      const created = await fetch(`https://api.github.com${REPO}/issues/2/comments`, { method: 'POST', body: JSON.stringify({ body: 'hello' }), headers: { 'content-type': 'application/json' } });
      const own = await fetch(`https://api.github.com${REPO}/pulls/2`);

      expect(created.status).toBe(201);
      expect(pull.comments.map((c) => c.body)).toEqual(['hello']);
      expect(await own.json()).toEqual({ number: 2, from: 'the test' });
    });
  });
});

describe('over the wire', () => {
  it('sends a weak ETag on every successful GET, 304 while it still matches, and 404 for what it does not cover', async () => {
    const served = new HttpGitHub(github);
    const pull = repository.pull(2);
    const url = `https://api.github.com${REPO}/issues/2/comments`;

    const first = await served.fetch(url);
    const etag = first.headers.get('etag') ?? '';
    const again = await served.fetch(url, { headers: { 'if-none-match': etag } });
    pull.comments.push({ id: 1, body: 'new', user: { login: 'alice', type: 'User' }, created_at: '', updated_at: '' });
    const changed = await served.fetch(url, { headers: { 'if-none-match': etag } });
    const uncovered = await served.fetch(`https://api.github.com${REPO}/pulls/2`);

    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    // Like a fetched response it knows its URL (Octokit's pagination of `total_count` listings reads it).
    expect(first.url).toBe(url);
    expect([first.status, again.status, changed.status, uncovered.status]).toEqual([200, 304, 200, 404]);
    expect(served.log.map((l) => `${l.request} → ${l.status}`)).toEqual([
      `GET ${REPO}/issues/2/comments → 200`,
      `GET ${REPO}/issues/2/comments → 304`,
      `GET ${REPO}/issues/2/comments → 200`,
      `GET ${REPO}/pulls/2 → 404`,
    ]);
  });

  it('serves GitHub Enterprise’s /api/v3 shape on loopback', async () => {
    repository.collaborators.add('alice');
    const served = new HttpGitHub(github);
    const host = await served.listen();
    try {
      const can = await fetch(`http://${host}/api/v3${REPO}/assignees/alice`);
      const cannot = await fetch(`http://${host}/api/v3${REPO}/assignees/bob`);
      const label = await fetch(`http://${host}/api/v3${REPO}/labels`, { method: 'POST', body: JSON.stringify({ name: 'readiness-gap' }) });

      expect([can.status, cannot.status, label.status]).toEqual([204, 404, 201]);
      expect(repository.labels.has('readiness-gap')).toBe(true);
    } finally {
      await served.close();
    }
  });
});
