/**
 * GitHub API requests per event, counted on the real evaluation path
 * (`evaluatePull` with Probot's Octokit) against an in-memory GitHub that
 * answers at the fetch layer, so nothing leaves the process.
 */
import { ProbotOctokit, type Logger } from 'probot';
import { evaluatePull } from '../app/evaluate-pull.js';
import type { GitHubClient } from '../facts/github/client.js';
import type { Benchmark, BenchmarkReport } from './benchmark.js';

const OWNER = 'acme';
const REPO = 'churn';
const HEAD = 'a'.repeat(40);
const APP = { id: 1, slug: 'readiness-gate', login: 'readiness-gate[bot]' };

const CONTRACT = `version: 1
scope:
  paths: ["models/**", "serving/**"]
roles:
  ml-lead: ["@alice"]
  sre: ["@bob"]
signoffs:
  - role: ml-lead
  - role: sre
evidence:
  - { id: model-card, title: Model card, owner: ml-lead, file: docs/model-card.md, sections: ["Intended use"] }
  - { id: evaluation, title: Evaluation, owner: ml-lead, file: reports/eval.json, fields: [{ path: metrics.auc, min: 0.8 }] }
  - { id: runbook, title: Runbook, owner: sre, file: ops/runbook.md, sections: ["Rollback"] }
`;

const EVIDENCE: Record<string, string> = {
  'docs/model-card.md': '# Card\n\n## Intended use\n\nChurn scoring.\n',
  'reports/eval.json': '{"metrics": {"auc": 0.91}}',
  'ops/runbook.md': '# Runbook\n\n## Rollback\n\nRedeploy the previous image.\n',
};

/** Just enough of GitHub for one repository and pull request #1, with the state the app writes. */
class InMemoryGitHub {
  readonly comments: { id: number; body: string; user: { login: string; type: string }; created_at: string; updated_at: string }[] = [];
  readonly checkRuns: { id: number; head_sha: string; status: string; conclusion: string; output: Record<string, unknown> }[] = [];
  requests: string[] = [];

  constructor(readonly changedFiles: string[]) {}

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    this.requests.push(`${method} ${path}`);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const [status, data] = this.answer(method, path.replace(`/repos/${OWNER}/${REPO}`, ''), body);
    return new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  };

  private answer(method: string, path: string, body: Record<string, unknown>): [number, unknown] {
    const time = '2026-11-22T12:00:00Z';
    if (method === 'GET' && path === '/contents/.github/readiness.yml') return [200, file(CONTRACT)];
    if (method === 'GET' && path.startsWith('/contents/')) {
      const text = EVIDENCE[path.slice('/contents/'.length)];
      return text === undefined ? [404, { message: 'Not Found' }] : [200, file(text)];
    }
    if (method === 'GET' && path === '/pulls/1') return [200, pull(this.changedFiles.length)];
    if (method === 'GET' && path === '/pulls/1/files') return [200, this.changedFiles.map((filename) => ({ filename, status: 'modified' }))];
    if (method === 'GET' && path === '/issues/1/comments') return [200, this.comments];
    if (method === 'GET' && (path === '/pulls/1/reviews' || path === '/pulls/1/comments')) return [200, []];
    if (method === 'GET' && path === `/commits/${HEAD}/check-runs`) return [200, { total_count: this.checkRuns.length, check_runs: this.checkRuns.slice(-1) }];
    if (method === 'POST' && path === '/check-runs') {
      const run = { id: this.checkRuns.length + 1, head_sha: HEAD, status: 'completed', conclusion: String(body.conclusion), output: body.output as Record<string, unknown> };
      this.checkRuns.push(run);
      return [201, run];
    }
    if (method === 'POST' && path === '/pulls/1/requested_reviewers') return [201, {}];
    if (method === 'PATCH' && path.startsWith('/issues/comments/')) {
      const comment = this.comments.find((c) => path.endsWith(`/${c.id}`));
      if (comment) comment.body = String(body.body);
      return [200, comment ?? {}];
    }
    if (method === 'POST' && path === '/issues/1/comments') {
      const comment = { id: this.comments.length + 1, body: String(body.body), user: { login: APP.login, type: 'Bot' }, created_at: time, updated_at: time };
      this.comments.push(comment);
      return [201, comment];
    }
    return [404, { message: `not simulated: ${method} ${path}` }];
  }
}

function file(text: string): Record<string, unknown> {
  const content = Buffer.from(text);
  return { type: 'file', sha: 'b10b', size: content.length, encoding: 'base64', content: content.toString('base64') };
}

function pull(changedFiles: number): Record<string, unknown> {
  return {
    number: 1,
    state: 'open',
    merged: false,
    changed_files: changedFiles,
    user: { login: 'carol', type: 'User' },
    head: { sha: HEAD },
    base: { ref: 'main' },
    labels: [],
  };
}

const ignore = (): void => undefined;
const silentLog = { info: ignore, warn: ignore, error: ignore, debug: ignore, trace: ignore } as unknown as Logger;

async function requestsFor(github: InMemoryGitHub, withPayload: boolean): Promise<string[]> {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: false },
    throttle: { enabled: false },
  }));
  const octokit = new Octokit({ auth: { token: 'bench' }, request: { fetch: github.fetch } }) as unknown as GitHubClient;
  github.requests = [];
  await evaluatePull(
    { github: octokit, log: silentLog, now: () => new Date('2026-11-22T12:00:00Z'), identity: async () => APP },
    { ref: { owner: OWNER, repo: REPO, number: 1 }, ...(withPayload ? { payloadPull: pull(github.changedFiles.length) as never } : {}) },
  );
  return github.requests;
}

export const apiRequestsBenchmark: Benchmark = {
  name: 'GitHub API requests per pull_request event',
  async run(): Promise<BenchmarkReport> {
    const outOfScope = await requestsFor(new InMemoryGitHub(['README.md', 'docs/guide.md']), true);
    const inScope = new InMemoryGitHub(['models/churn/train.py', 'serving/app.py']);
    const first = await requestsFor(inScope, true);
    const redelivery = await requestsFor(inScope, true);
    const writes = (requests: string[]) => requests.filter((r) => !r.startsWith('GET '));
    return {
      lines: [
        `out-of-scope pull request: ${outOfScope.length} requests (${writes(outOfScope).length} writes)`,
        `first evaluation, in scope, 3 evidence files: ${first.length} requests (${writes(first).length} writes)`,
        `redelivery, nothing changed: ${redelivery.length} requests (${writes(redelivery).length} writes)`,
        ...first.map((r) => `    ${r}`),
      ],
      targets: [
        { description: 'out-of-scope pull request costs at most 3 requests', met: outOfScope.length <= 3 },
        { description: 'a redelivery where nothing changed makes no write request', met: writes(redelivery).length === 0 },
      ],
    };
  },
};
