/**
 * Just enough of GitHub for the benchmarks: the endpoints the app uses, with
 * the state it writes. Served over HTTP on loopback in GitHub Enterprise's
 * shape (`/api/v3`) for the load benchmark, or in-process as a `fetch` for
 * counting requests. Every repository is its own installation.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DEFAULT_CONTRACT = `version: 1
gaps:
  issues: false
scope:
  paths: ["models/**"]
roles:
  ml-lead: ["@alice"]
signoffs:
  - role: ml-lead
evidence:
  - { id: model-card, title: Model card, owner: ml-lead, file: docs/model-card.md, sections: ["Intended use"] }
`;
/** The base branch's commit that every pull request's files are compared from. */
const BASE_SHA = 'ba5e'.repeat(10);
const DEFAULT_EVIDENCE: Record<string, string> = { 'docs/model-card.md': '# Card\n\n## Intended use\n\nChurn scoring.\n' };

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

interface CheckRun {
  id: number;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string;
  output: Record<string, unknown>;
}

export interface PullSpec {
  repo: string;
  number: number;
  /** The files the pull request changes. */
  files: string[];
}

export interface RepositoryContent {
  /** `.github/readiness.yml` on the base branch. */
  contract?: string;
  /** Evidence files at every head, by path. */
  evidence?: Record<string, string>;
}

/** A check the app posted: when, and for which push of the pull request (0 = first). */
export interface CheckWrite {
  at: number;
  push: number;
}

export class SimulatedGitHub {
  readonly #pulls = new Map<string, PullSpec>();
  /** Head commits of each pull request, oldest first: one per push. */
  readonly #heads = new Map<string, string[]>();
  readonly #comments = new Map<string, Comment[]>();
  readonly #checkRuns: CheckRun[] = [];
  /** Every check-run write, per `repo#number`. */
  readonly checkWrites = new Map<string, CheckWrite[]>();
  /** `METHOD path` of every request answered. */
  readonly log: string[] = [];
  /** The status of each answer in `log`, in the same order (304s are not counted against GitHub's rate limit). */
  readonly statuses: number[] = [];
  readonly #contract: string;
  readonly #evidence: Record<string, string>;
  #server: Server | null = null;
  #nextId = 1;

  constructor(
    readonly owner: string,
    pulls: readonly PullSpec[],
    content: RepositoryContent = {},
  ) {
    for (const pull of pulls) this.#pulls.set(`${pull.repo}#${pull.number}`, pull);
    this.#contract = content.contract ?? DEFAULT_CONTRACT;
    this.#evidence = content.evidence ?? DEFAULT_EVIDENCE;
  }

  /** The same GitHub as an in-process `fetch`, for an Octokit's `request.fetch`. */
  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const method = init?.method ?? 'GET';
    const [status, data] = this.#answer(method, decodeURIComponent(url.pathname), body);
    const answer = this.#conditional(method, status, data, new Headers(init?.headers).get('if-none-match'));
    return new Response(answer.status === 304 ? null : answer.text, { status: answer.status, headers: answer.headers });
  };

  /**
   * As GitHub does: every successful GET carries a weak ETag of its body, and
   * a request whose If-None-Match still matches gets 304 without a body.
   */
  #conditional(method: string, status: number, data: unknown, ifNoneMatch: string | null): { status: number; text: string; headers: Record<string, string> } {
    const text = JSON.stringify(data);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999' };
    if (method !== 'GET' || status !== 200) {
      this.statuses.push(status);
      return { status, text, headers };
    }
    headers.etag = `W/"${createHash('sha1').update(text).digest('hex')}"`;
    const notModified = ifNoneMatch === headers.etag;
    this.statuses.push(notModified ? 304 : 200);
    return { status: notModified ? 304 : 200, text, headers };
  }

  /** A new commit on the pull request's branch; returns the pull request as a webhook would carry it. */
  push(pull: PullSpec): { push: number; payload: Record<string, unknown> } {
    const key = `${pull.repo}#${pull.number}`;
    const heads = this.#heads.get(key) ?? [];
    heads.push(`${pull.number.toString(16).padStart(8, '0')}${pull.repo.replace(/\D/g, '').padStart(8, '0')}${heads.length.toString(16).padStart(24, '0')}`);
    this.#heads.set(key, heads);
    return { push: heads.length - 1, payload: this.#pullObject(pull) };
  }

  #pullObject(pull: PullSpec): Record<string, unknown> {
    const heads = this.#heads.get(`${pull.repo}#${pull.number}`) ?? [];
    return {
      number: pull.number,
      state: 'open',
      merged: false,
      changed_files: pull.files.length,
      user: { login: 'carol', type: 'User' },
      head: { sha: heads.at(-1) ?? '0'.repeat(40), ref: `feature-${pull.number}` },
      base: { ref: 'main', sha: BASE_SHA, repo: { default_branch: 'main' } },
      labels: [],
      requested_reviewers: [],
      requested_teams: [],
    };
  }

  async listen(): Promise<string> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const url = new URL(req.url ?? '/', 'http://github.test');
    const method = req.method ?? 'GET';
    const [status, data] = this.#answer(method, decodeURIComponent(url.pathname), body);
    const ifNoneMatch = req.headers['if-none-match'];
    const answer = this.#conditional(method, status, data, typeof ifNoneMatch === 'string' ? ifNoneMatch : null);
    res.writeHead(answer.status, answer.headers).end(answer.status === 304 ? undefined : answer.text);
  }

  #answer(method: string, fullPath: string, body: Record<string, unknown>): [number, unknown] {
    const path = fullPath.replace(/^\/api\/v3/, '');
    this.log.push(`${method} ${path}`);
    const now = new Date().toISOString();
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return [201, { token: 'bench-token', expires_at: new Date(Date.now() + 3_600_000).toISOString() }];
    }
    if (method === 'GET' && path === '/app') return [200, { id: 1, slug: 'readiness-gate' }];
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path);
    if (!match) return [404, { message: 'Not Found' }];
    const [, , repo = '', rest = ''] = match;
    if (method === 'GET' && rest === '/contents/.github/readiness.yml') return [200, file(this.#contract)];
    if (method === 'GET' && rest.startsWith('/contents/')) {
      const text = this.#evidence[rest.slice('/contents/'.length)];
      return text === undefined ? [404, { message: 'Not Found' }] : [200, file(text)];
    }
    const pullMatch = /^\/(?:pulls|issues)\/(\d+)/.exec(rest);
    const pull = pullMatch ? this.#pulls.get(`${repo}#${pullMatch[1]}`) : undefined;
    const key = pull ? `${repo}#${pull.number}` : '';
    if (pull && method === 'GET' && rest === `/pulls/${pull.number}`) return [200, this.#pullObject(pull)];
    if (pull && method === 'GET' && rest === `/pulls/${pull.number}/files`) {
      return [200, pull.files.map((filename) => ({ filename, status: 'modified' }))];
    }
    if (pull && method === 'GET' && (rest === `/pulls/${pull.number}/reviews` || rest === `/pulls/${pull.number}/comments`)) return [200, []];
    if (pull && method === 'GET' && rest === `/issues/${pull.number}/comments`) return [200, this.#comments.get(key) ?? []];
    if (pull && method === 'POST' && rest === `/issues/${pull.number}/comments`) {
      const comment = { id: this.#nextId++, body: String(body.body), user: { login: 'readiness-gate[bot]', type: 'Bot' }, created_at: now, updated_at: now };
      this.#comments.set(key, [...(this.#comments.get(key) ?? []), comment]);
      return [201, comment];
    }
    if (pull && method === 'POST' && rest === `/pulls/${pull.number}/requested_reviewers`) return [201, {}];
    if (method === 'PATCH' && /^\/issues\/comments\/\d+$/.test(rest)) {
      const id = Number(rest.split('/').pop());
      const comment = [...this.#comments.values()].flat().find((c) => c.id === id);
      if (comment) comment.body = String(body.body);
      return [200, comment ?? {}];
    }
    // A compare from the base to a pull request's head lists that pull request's files.
    const compareMatch = /^\/compare\/[0-9a-f]+\.\.\.([0-9a-f]+)$/.exec(rest);
    if (method === 'GET' && compareMatch) {
      const owner = this.#pullWithHead(repo, compareMatch[1] ?? '');
      return owner ? [200, { status: 'ahead', files: owner.files.map((filename) => ({ filename, status: 'modified' })) }] : [404, { message: 'Not Found' }];
    }
    const headPullsMatch = /^\/commits\/([0-9a-f]+)\/pulls$/.exec(rest);
    if (method === 'GET' && headPullsMatch) {
      const owner = this.#pullWithHead(repo, headPullsMatch[1] ?? '');
      return [200, owner ? [this.#pullObject(owner)] : []];
    }
    const checksMatch = /^\/commits\/([0-9a-f]+)\/check-runs$/.exec(rest);
    if (method === 'GET' && checksMatch) {
      const runs = this.#checkRuns.filter((r) => r.head_sha === checksMatch[1]).slice(-1);
      return [200, { total_count: runs.length, check_runs: runs }];
    }
    if (method === 'POST' && rest === '/check-runs') {
      const run = { id: this.#nextId++, head_sha: String(body.head_sha), status: 'completed', conclusion: String(body.conclusion), started_at: now, output: body.output as Record<string, unknown> };
      this.#checkRuns.push(run);
      this.#recordCheck(repo, run.head_sha);
      return [201, run];
    }
    if (method === 'PATCH' && /^\/check-runs\/\d+$/.test(rest)) {
      const run = this.#checkRuns.find((r) => r.id === Number(rest.split('/').pop()));
      if (run) this.#recordCheck(repo, run.head_sha);
      return [200, run ?? {}];
    }
    return [404, { message: `not simulated: ${method} ${rest}` }];
  }

  #pullWithHead(repo: string, sha: string): PullSpec | undefined {
    for (const [key, heads] of this.#heads) {
      if (key.startsWith(`${repo}#`) && heads.includes(sha)) return this.#pulls.get(key);
    }
    return undefined;
  }

  #recordCheck(repo: string, headSha: string): void {
    for (const [key, heads] of this.#heads) {
      const push = heads.indexOf(headSha);
      if (!key.startsWith(`${repo}#`) || push < 0) continue;
      this.checkWrites.set(key, [...(this.checkWrites.get(key) ?? []), { at: Date.now(), push }]);
    }
  }

  checklistComments(): number {
    return [...this.#comments.values()].flat().filter((c) => c.body.includes('readiness-gate:checklist')).length;
  }
}

function file(text: string): Record<string, unknown> {
  const content = Buffer.from(text);
  return { type: 'file', sha: 'b10b', size: content.length, encoding: 'base64', content: content.toString('base64') };
}
