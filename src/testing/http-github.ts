/**
 * Serves a SimulatedGitHub over the wire, as GitHub answers: in-process as a
 * `fetch` (for an Octokit's `request.fetch`) or over HTTP on loopback in GitHub
 * Enterprise's shape (`/api/v3`, for a real app process). Every successful GET
 * carries a weak ETag of its body and a request whose If-None-Match still
 * matches gets 304 without a body, so the request cache is measured against
 * what GitHub really sends. What the simulation does not cover answers 404.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerRequest } from './github-routes.js';
import type { SimulatedGitHub } from './simulated-github.js';

export interface ServedRequest {
  /** `METHOD path`, the path decoded and without its query. */
  request: string;
  /** The status it was answered with (304s do not count against GitHub's rate limit). */
  status: number;
}

interface WireAnswer {
  status: number;
  text: string | null;
  headers: Record<string, string>;
}

export class HttpGitHub {
  /** Every request answered, in order. */
  readonly log: ServedRequest[] = [];
  #server: Server | null = null;

  constructor(readonly github: SimulatedGitHub) {}

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const headers = new Headers(init?.headers);
    const answer = this.#answer(init?.method ?? 'GET', url, body, headers.get('if-none-match'), headers.get('authorization') ?? undefined);
    const response = new Response(answer.text, { status: answer.status, headers: answer.headers });
    // A constructed Response has no URL; Octokit's pagination reads it (for listings with a `total_count`), as a fetched one has.
    Object.defineProperty(response, 'url', { value: url.href });
    return response;
  };

  /** Listens on a free loopback port; returns `host:port` (GHE_HOST for the app). */
  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const ifNoneMatch = req.headers['if-none-match'];
        const answer = this.#answer(req.method ?? 'GET', new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), body, typeof ifNoneMatch === 'string' ? ifNoneMatch : null, req.headers.authorization);
        res.writeHead(answer.status, answer.headers).end(answer.text ?? undefined);
      });
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #answer(method: string, url: URL, body: unknown, ifNoneMatch: string | null, authorization?: string): WireAnswer {
    const prefix = url.pathname.startsWith('/api/v3/') ? '/api/v3' : '';
    const path = url.pathname.slice(prefix.length);
    const answer = answerRequest(this.github, { method, path: `${path}${url.search}`, body, origin: `${url.origin}${prefix}`, ...(authorization ? { authorization } : {}) }) ?? {
      status: 404,
      data: { message: `not simulated: ${method} ${path}` },
    };
    const text = JSON.stringify(answer.data);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', ...answer.headers };
    let status = answer.status;
    if (method === 'GET' && status === 200) {
      headers.etag = `W/"${createHash('sha1').update(text).digest('hex')}"`;
      if (ifNoneMatch === headers.etag) status = 304;
    }
    this.log.push({ request: `${method} ${decodeURIComponent(path)}`, status });
    return { status, text: status === 304 || status === 204 ? null : text, headers };
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
}
