/**
 * A simulated GitHub for the person signing in, on a loopback port, so that a
 * real browser can follow the OAuth round trip: the authorize page (which, like
 * GitHub for an app the user already authorised, sends the browser straight
 * back with a code and the state), the code exchange, and the user API the
 * pages ask with the user's token (`/user`, `/repos/{owner}/{repo}` with its
 * `permissions`). It answers only what a real provider would accept: the app's
 * client id and secret, a code it issued once, the redirect URI it was given.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimulatedUser {
  login: string;
  /** Repositories (`owner/name`) GitHub lets this user read. */
  canRead: string[];
}

export class OAuthProvider {
  /** Who signs in at the next visit of the authorize page. */
  signingIn: SimulatedUser = { login: 'octocat', canRead: [] };
  /** Every request answered, `METHOD path` (query left off: it holds the state). */
  readonly log: string[] = [];
  #codes = new Map<string, { user: SimulatedUser; redirectUri: string | null }>();
  #tokens = new Map<string, SimulatedUser>();
  #server: Server | null = null;
  base = '';

  constructor(readonly client: { clientId: string; clientSecret: string }) {}

  async listen(): Promise<string> {
    const server = createServer((request, response) => void this.#answer(request, response));
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.base;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** The tokens handed out, so that a test can prove none of them reached the browser. */
  tokens(): string[] {
    return [...this.#tokens.keys()];
  }

  async #answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.base);
    this.log.push(`${request.method} ${url.pathname}`);
    const json = (status: number, data: unknown): void => void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    if (request.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri');
      if (url.searchParams.get('client_id') !== this.client.clientId || !redirectUri) return void response.writeHead(400).end('unknown client');
      const code = randomBytes(10).toString('hex');
      this.#codes.set(code, { user: this.signingIn, redirectUri });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      return void response.writeHead(302, { location: back.href }).end();
    }
    if (request.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const body = JSON.parse(await readBody(request)) as { client_id?: string; client_secret?: string; code?: string; redirect_uri?: string };
      const issued = this.#codes.get(body.code ?? '');
      this.#codes.delete(body.code ?? '');
      if (body.client_id !== this.client.clientId || body.client_secret !== this.client.clientSecret) return json(200, { error: 'incorrect_client_credentials' });
      if (!issued || (body.redirect_uri ?? null) !== issued.redirectUri) return json(200, { error: 'bad_verification_code' });
      const token = `gho_${randomBytes(12).toString('hex')}`;
      this.#tokens.set(token, issued.user);
      return json(200, { access_token: token, token_type: 'bearer', scope: '' });
    }
    const user = this.#tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (request.method === 'GET' && user) {
      if (url.pathname === '/api/v3/user') return json(200, { login: user.login });
      const repo = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (repo) {
        const name = `${repo[1]}/${repo[2]}`;
        // GitHub hides a repository the user cannot see; one they can see says what they may do.
        if (!user.canRead.includes(name)) return json(404, { message: 'Not Found' });
        return json(200, { full_name: name, permissions: { pull: true, push: false, admin: false } });
      }
    }
    json(user ? 404 : 401, { message: user ? 'Not Found' : 'Bad credentials' });
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}
