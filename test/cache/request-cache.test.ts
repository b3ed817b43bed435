/**
 * The request cache on the production client (createGitHubClientClass), with
 * installation clients made by Probot exactly as the app gets them, and nock
 * as GitHub. Every request that reaches GitHub is asserted.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { createGitHubClientClass } from '../../src/app/github-client.js';
import { RequestCache } from '../../src/cache/request-cache.js';
import type { RequestCacheSettings } from '../../src/cache/cache-settings.js';
import type { GitHubClient } from '../../src/github/client.js';
import { Metrics } from '../../src/ops/metrics.js';
import { API, contentResponse, createProbotInstance, simulateGitHub } from '../support/github-app.js';
import { calls } from '../support/pull-fixtures.js';
import { recordingFetch } from '../support/recording-fetch.js';

const REPO = '/repos/acme/churn';
const OWNER_REPO = { owner: 'acme', repo: 'churn' };
const SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const OTHER_SHA = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';

simulateGitHub();

let probot: Probot;
let cache: RequestCache;

function useCache(settings?: RequestCacheSettings): void {
  cache = new RequestCache(settings);
  probot = createProbotInstance(createGitHubClientClass({ cache, retries: 0, retryAfterBaseValue: 1, fetch: recordingFetch }));
}

beforeEach(() => useCache());

/** An installation's client, as `app.auth(id)` gives it to every job. */
async function client(installationId = 1): Promise<GitHubClient> {
  return (await probot.auth(installationId)) as unknown as GitHubClient;
}

const card = (text: string) => contentResponse('docs/model-card.md', text);

function readCard(github: GitHubClient, ref: string) {
  return github.rest.repos.getContent({ ...OWNER_REPO, path: 'docs/model-card.md', ref });
}

const cardCall = (ref: string) => `GET ${REPO}/contents/docs/model-card.md?ref=${ref}`;

describe('answers pinned to a SHA', () => {
  it('reads contents at a SHA from GitHub once; a second identical read makes no request', async () => {
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: SHA }).reply(200, card('# Card v1'));
    const github = await client();

    const first = await readCard(github, SHA);
    // A caller that changes what it got must not change what the next caller gets.
    (first.data as { content: string }).content = 'tampered';
    const second = await readCard(github, SHA);
    // Another job's client of the same installation shares the cache.
    const third = await readCard(await client(), SHA);

    expect(calls()).toEqual([cardCall(SHA)]);
    expect(second.status).toBe(200);
    expect(second.data).toEqual(card('# Card v1'));
    expect(third.data).toEqual(card('# Card v1'));
  });

  it('keeps a 404 for a file missing at a commit, but asks again when GitHub does not know the commit yet', async () => {
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: SHA }).reply(404, { message: 'Not Found' });
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: OTHER_SHA }).times(2).reply(404, { message: `No commit found for the ref ${OTHER_SHA}` });
    const github = await client();

    for (let i = 0; i < 2; i++) {
      await expect(readCard(github, SHA)).rejects.toMatchObject({ status: 404, message: 'Not Found' });
      await expect(readCard(github, OTHER_SHA)).rejects.toMatchObject({ status: 404 });
    }

    expect(calls()).toEqual([cardCall(SHA), cardCall(OTHER_SHA), cardCall(OTHER_SHA)]);
  });

  it('keeps compares between two SHAs, not compares that name a branch', async () => {
    nock(API).get(`${REPO}/compare/${OTHER_SHA}...${SHA}`).query({ per_page: 1 }).reply(200, { status: 'ahead', files: [] });
    nock(API).get(`${REPO}/compare/main...${SHA}`).query({ per_page: 1 }).times(2).reply(200, { status: 'ahead', files: [] });
    const github = await client();

    for (let i = 0; i < 2; i++) {
      await github.rest.repos.compareCommitsWithBasehead({ ...OWNER_REPO, basehead: `${OTHER_SHA}...${SHA}`, per_page: 1 });
      await github.rest.repos.compareCommitsWithBasehead({ ...OWNER_REPO, basehead: `main...${SHA}`, per_page: 1 });
    }

    expect(calls()).toEqual([
      `GET ${REPO}/compare/${OTHER_SHA}...${SHA}?per_page=1`,
      `GET ${REPO}/compare/main...${SHA}?per_page=1`,
      `GET ${REPO}/compare/main...${SHA}?per_page=1`,
    ]);
  });

  it('keys on the accept header: the object media type and the default one are different answers', async () => {
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: SHA }).times(2).reply(200, card('# Card'));
    const github = await client();

    await readCard(github, SHA);
    await github.rest.repos.getContent({ ...OWNER_REPO, path: 'docs/model-card.md', ref: SHA, headers: { accept: 'application/vnd.github.object+json' } });
    await readCard(github, SHA);

    expect(calls()).toEqual([cardCall(SHA), cardCall(SHA)]);
  });

  it('never keeps a streamed body', async () => {
    nock(API).get(`${REPO}/git/blobs/${SHA}`).times(2).reply(200, 'raw bytes', { 'content-type': 'application/octet-stream' });
    const github = await client();

    for (let i = 0; i < 2; i++) {
      const { data } = await github.rest.git.getBlob({ ...OWNER_REPO, file_sha: SHA, headers: { accept: 'application/vnd.github.raw+json' }, request: { parseSuccessResponseBody: false } });
      expect(await new Response(data as unknown as ReadableStream).text()).toBe('raw bytes');
    }

    expect(calls()).toEqual([`GET ${REPO}/git/blobs/${SHA}`, `GET ${REPO}/git/blobs/${SHA}`]);
  });
});

describe('installations never share', () => {
  it('asks GitHub again for another installation, for pinned and conditional reads alike', async () => {
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: SHA }).times(2).reply(200, card('# Card'));
    nock(API).get(`${REPO}/pulls/1`).matchHeader('if-none-match', (value) => value === undefined).times(2).reply(200, { number: 1 }, { etag: '"v1"' });

    await readCard(await client(1), SHA);
    await (await client(1)).rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });
    // Installation 2 may not be allowed to see what installation 1 read: nothing of it is reused, not even the ETag.
    await readCard(await client(2), SHA);
    await (await client(2)).rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });

    expect(calls()).toEqual([cardCall(SHA), `GET ${REPO}/pulls/1`, cardCall(SHA), `GET ${REPO}/pulls/1`]);
  });

  it('does not cache for the app itself (no installation)', async () => {
    nock(API).get('/app/installations').times(2).reply(200, []);
    const appClient = (await probot.auth()) as unknown as GitHubClient;

    await appClient.rest.apps.listInstallations();
    await appClient.rest.apps.listInstallations();

    expect(cache.sizes).toEqual({ pinned: 0, conditional: 0 });
  });
});

describe('conditional requests for what can change', () => {
  it('reads by branch conditionally: a 304 yields the remembered body as a 200', async () => {
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: 'feature' }).matchHeader('if-none-match', (v) => v === undefined).reply(200, card('# Card v1'), { etag: 'W/"v1"' });
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: 'feature' }).matchHeader('if-none-match', 'W/"v1"').reply(304, '', { etag: 'W/"v1"', 'x-ratelimit-remaining': '4321' });
    const github = await client();

    await readCard(github, 'feature');
    const again = await readCard(github, 'feature');

    expect(calls()).toEqual([cardCall('feature'), cardCall('feature')]);
    expect(again.status).toBe(200);
    expect(again.data).toEqual(card('# Card v1'));
    // The 304's own numbers, not the remembered ones.
    expect(again.headers['x-ratelimit-remaining']).toBe('4321');
  });

  it('a changed ETag yields the new body, and the next request asks with the new ETag', async () => {
    const path = `${REPO}/contents/docs%2Fmodel-card.md`;
    nock(API).get(path).query({ ref: 'feature' }).reply(200, card('# Card v1'), { etag: '"v1"' });
    nock(API).get(path).query({ ref: 'feature' }).matchHeader('if-none-match', '"v1"').reply(200, card('# Card v2'), { etag: '"v2"' });
    nock(API).get(path).query({ ref: 'feature' }).matchHeader('if-none-match', '"v2"').reply(304, '');
    const github = await client();

    await readCard(github, 'feature');
    const changed = await readCard(github, 'feature');
    const unchanged = await readCard(github, 'feature');

    expect(changed.data).toEqual(card('# Card v2'));
    expect(unchanged.data).toEqual(card('# Card v2'));
    expect(nock.pendingMocks().filter((m) => m.includes('model-card'))).toEqual([]);
  });

  it('uses Last-Modified only when there is no ETag', async () => {
    const when = 'Wed, 21 Oct 2026 07:28:00 GMT';
    nock(API).get(`${REPO}/pulls/1`).reply(200, { number: 1, title: 'old' }, { 'last-modified': when });
    nock(API).get(`${REPO}/pulls/1`).matchHeader('if-modified-since', when).reply(304, '');
    const github = await client();

    await github.rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });
    const again = await github.rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });

    expect(again.data).toEqual({ number: 1, title: 'old' });
  });

  it('forgets a remembered body when GitHub answers with an error', async () => {
    nock(API).get(`${REPO}/pulls/1`).reply(200, { number: 1 }, { etag: '"v1"' });
    nock(API).get(`${REPO}/pulls/1`).matchHeader('if-none-match', '"v1"').reply(404, { message: 'Not Found' });
    nock(API).get(`${REPO}/pulls/1`).matchHeader('if-none-match', (v) => v === undefined).reply(200, { number: 1 }, { etag: '"v2"' });
    const github = await client();

    await github.rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });
    await expect(github.rest.pulls.get({ ...OWNER_REPO, pull_number: 1 })).rejects.toMatchObject({ status: 404 });
    await github.rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });

    expect(nock.pendingMocks().filter((m) => m.includes('/pulls/1'))).toEqual([]);
  });

  it('never caches writes nor makes them conditional', async () => {
    const bodies: unknown[] = [];
    nock(API).get(`${REPO}/issues/comments/7`).reply(200, { id: 7, body: 'old' }, { etag: '"c7"' });
    nock(API)
      .patch(`${REPO}/issues/comments/7`, (body) => bodies.push(body) > 0)
      .matchHeader('if-none-match', (v) => v === undefined)
      .times(2)
      .reply(200, { id: 7, body: 'new' }, { etag: '"c7"' });
    nock(API).post(`${REPO}/check-runs`).times(2).reply(201, { id: 1 }, { etag: '"r1"' });
    const github = await client();

    await github.rest.issues.getComment({ ...OWNER_REPO, comment_id: 7 });
    await github.rest.issues.updateComment({ ...OWNER_REPO, comment_id: 7, body: 'new' });
    await github.rest.issues.updateComment({ ...OWNER_REPO, comment_id: 7, body: 'new' });
    await github.rest.checks.create({ ...OWNER_REPO, name: 'readiness', head_sha: SHA });
    await github.rest.checks.create({ ...OWNER_REPO, name: 'readiness', head_sha: SHA });

    expect(calls()).toEqual([
      `GET ${REPO}/issues/comments/7`,
      `PATCH ${REPO}/issues/comments/7`,
      `PATCH ${REPO}/issues/comments/7`,
      `POST ${REPO}/check-runs`,
      `POST ${REPO}/check-runs`,
    ]);
    expect(bodies).toHaveLength(2);
  });
});

describe('paginated lists', () => {
  const page = (n: number) => `<${API}${REPO}/issues/1/comments?per_page=2&page=${n}>`;

  it('revalidates every page, and a 304 page keeps its link to the next one', async () => {
    const list = `${REPO}/issues/1/comments`;
    nock(API).get(list).query({ per_page: 2 }).reply(200, [{ id: 1 }, { id: 2 }], { etag: '"p1"', link: `${page(2)}; rel="next", ${page(2)}; rel="last"` });
    nock(API).get(list).query({ per_page: 2, page: 2 }).reply(200, [{ id: 3 }], { etag: '"p2"', link: `${page(1)}; rel="prev", ${page(1)}; rel="first"` });
    nock(API).get(list).query({ per_page: 2 }).matchHeader('if-none-match', '"p1"').reply(304, '');
    nock(API).get(list).query({ per_page: 2, page: 2 }).matchHeader('if-none-match', '"p2"').reply(304, '');
    const github = await client();

    const first = await github.paginate(github.rest.issues.listComments, { ...OWNER_REPO, issue_number: 1, per_page: 2 });
    const second = await github.paginate(github.rest.issues.listComments, { ...OWNER_REPO, issue_number: 1, per_page: 2 });

    expect(first.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(second.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(calls()).toEqual([`GET ${list}?per_page=2`, `GET ${list}?per_page=2&page=2`, `GET ${list}?per_page=2`, `GET ${list}?per_page=2&page=2`]);
  });

  it('asks for a full last page unconditionally, so a comment that starts a new page (a /revoke, say) is not hidden by a 304', async () => {
    const list = `${REPO}/issues/1/comments`;
    nock(API).get(list).query({ per_page: 2 }).reply(200, [{ id: 1 }, { id: 2 }], { etag: '"p1"' });
    // GitHub's ETag covers the body only: page 1 is unchanged, and only the Link header tells of page 2.
    nock(API)
      .get(list)
      .query({ per_page: 2 })
      .matchHeader('if-none-match', (v) => v === undefined)
      .reply(200, [{ id: 1 }, { id: 2 }], { etag: '"p1"', link: `${page(2)}; rel="next"` });
    nock(API).get(list).query({ per_page: 2, page: 2 }).reply(200, [{ id: 3, body: '/revoke ml-lead' }], { etag: '"p2"' });
    const github = await client();

    await github.paginate(github.rest.issues.listComments, { ...OWNER_REPO, issue_number: 1, per_page: 2 });
    const later = await github.paginate(github.rest.issues.listComments, { ...OWNER_REPO, issue_number: 1, per_page: 2 });

    expect(later.map((c) => c.id)).toEqual([1, 2, 3]);
  });
});

describe('bounds', () => {
  it('evicts the least recently used answer when the entry count is reached', async () => {
    useCache({ pinned: { maxEntries: 2, maxBytes: 1024 * 1024 }, conditional: { maxEntries: 2, maxBytes: 1024 * 1024 } });
    const shas = ['a', 'b', 'c'].map((c) => c.repeat(40));
    for (const sha of shas) nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: sha }).reply(200, card(sha));
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: shas[0] }).reply(200, card('a again'));
    const github = await client();

    for (const sha of shas) await readCard(github, sha);
    await readCard(github, shas[2] ?? ''); // still held
    await readCard(github, shas[0] ?? ''); // evicted by the third

    expect(calls()).toEqual([...shas.map(cardCall), cardCall(shas[0] ?? '')]);
    expect(cache.sizes.pinned).toBe(2);
  });

  it('evicts by bytes, and never keeps an answer larger than a quarter of the budget', async () => {
    useCache({ pinned: { maxEntries: 100, maxBytes: 8 * 1024 }, conditional: { maxEntries: 100, maxBytes: 8 * 1024 } });
    const big = 'x'.repeat(3000); // about 4 KB once base64-encoded: more than a quarter of 8 KB
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: SHA }).times(2).reply(200, card(big));
    const github = await client();

    await readCard(github, SHA);
    await readCard(github, SHA);

    expect(calls()).toEqual([cardCall(SHA), cardCall(SHA)]);
    expect(cache.sizes.pinned).toBe(0);
  });

  it('switches a part off with 0 entries', async () => {
    useCache({ pinned: { maxEntries: 0, maxBytes: 1024 }, conditional: { maxEntries: 0, maxBytes: 1024 } });
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: SHA }).times(2).reply(200, card('# Card'));
    nock(API).get(`${REPO}/pulls/1`).matchHeader('if-none-match', (v) => v === undefined).times(2).reply(200, { number: 1 }, { etag: '"v1"' });
    const github = await client();

    await readCard(github, SHA);
    await readCard(github, SHA);
    await github.rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });
    await github.rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });

    expect(calls()).toHaveLength(4);
  });
});

describe('metrics', () => {
  it('counts hits, misses and 304s; a hit is no GitHub request, a 304 is counted as one', async () => {
    const metrics = new Metrics();
    nock(API).get(`${REPO}/contents/docs%2Fmodel-card.md`).query({ ref: SHA }).reply(200, card('# Card'));
    nock(API).get(`${REPO}/pulls/1`).reply(200, { number: 1 }, { etag: '"v1"' });
    nock(API).get(`${REPO}/pulls/1`).matchHeader('if-none-match', '"v1"').reply(304, '');
    const github = metrics.instrument(await client());

    await readCard(github, SHA);
    await readCard(github, SHA);
    await github.rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });
    await github.rest.pulls.get({ ...OWNER_REPO, pull_number: 1 });

    const text = await metrics.registry.metrics();
    expect(text).toContain('readiness_gate_github_cache_hits_total 1');
    expect(text).toContain('readiness_gate_github_cache_misses_total 2');
    expect(text).toContain('readiness_gate_github_not_modified_total 1');
    expect(text).toContain('readiness_gate_github_requests_total{method="GET",status="200"} 2');
    expect(text).toContain('readiness_gate_github_requests_total{method="GET",status="304"} 1');
  });
});
