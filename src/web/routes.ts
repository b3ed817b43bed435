/**
 * The app's pages under /readiness/ (next to Probot's /api/github/webhooks):
 *   GET  /readiness/login                       → GitHub's OAuth authorize page, with a fresh `state`
 *   GET  /readiness/oauth/callback              → checks `state`, trades the code, starts a session
 *   POST /readiness/logout                      → ends the session
 *   GET  /readiness/<owner>/<repo>/pull/<n>     → the details page (the check's "Details" link)
 *   GET  /readiness/<owner>?repo=&role=         → the overview of the installation on <owner>
 *   GET  /readiness/<owner>/<repo>/audit.jsonl|csv?since=&until= → the audit export, as a download
 *   GET  /readiness/assets/style.css            → the one stylesheet
 * Nothing is shown anonymously; a repository's data only to someone GitHub lets read it;
 * nothing here ever writes to GitHub. Bad input gets a 4xx page, GitHub's failures a 502 page, never a crash.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GitHubClient, PullRef, RepoRef } from '../github/client.js';
import { formatEntries, type ExportFormat } from '../audit/export-formats.js';
import { utcDay } from '../audit/utc-day.js';
import { readEvaluationHistory } from '../audit/history.js';
import { detailsPageBody } from './details-page.js';
import { html } from './html.js';
import { page, STYLESHEET, STYLESHEET_PATH } from './layout.js';
import { detailsPageModel } from './page-model.js';
import { judgeForPage, readPull } from './read-verdict.js';
import { cookieLine, parseCookies, SESSION_LIFETIME_MS, signCookieValue, verifyCookieValue, type SessionStore, type Session } from './sessions.js';
import type { WebSettings } from './settings.js';
import { overviewPageBody, overviewView } from './overview-page.js';
import { readOverviewRepo, type OverviewRepo } from './overview.js';
import { canRead, exchangeCode, readableInstallationRepos, SignInError, userLogin } from './user-github.js';

export const PREFIX = '/readiness';
const SESSION_COOKIE = 'rg_session';
const STATE_COOKIE = 'rg_oauth';
/** The details page reads the app's checks on this many of the pull request's latest commits: one request each. */
const HISTORY_COMMITS = 20;
/** How long a sign-in may take between leaving for GitHub and coming back. */
const STATE_LIFETIME_SECONDS = 600;

export interface WebDependencies {
  settings: WebSettings;
  sessions: SessionStore;
  /** The installation's client for a repository, or null when the app is not installed there. */
  installationClient: (repo: { owner: string; repo: string }) => Promise<GitHubClient | null>;
  identity: () => Promise<{ id: number; login: string }>;
  stateKey: Buffer;
  now: () => Date;
  log: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
}

/** Headers on every page: no script may run, nothing may frame it, nothing leaks in a Referer (the callback URL holds the code). */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  };
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const DETAILS = /^\/readiness\/([^/]+)\/([^/]+)\/pull\/([1-9][0-9]{0,9})\/?$/;
const OVERVIEW = /^\/readiness\/([^/]+)\/?$/;
const EXPORT = /^\/readiness\/([^/]+)\/([^/]+)\/audit\.(jsonl|csv)$/;
const EXPORT_TYPES: Record<ExportFormat, string> = { jsonl: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' };
/** Repositories the overview reads at most without a repository filter: each costs one request per open pull request. */
export const OVERVIEW_REPOS = 25;

/** Where a sign-in may return to: only a page of this app (never another site, `//host` included). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith(`${PREFIX}/`) || next.startsWith('//') || /[\\\r\n]/.test(next)) return `${PREFIX}/`;
  return next;
}

export function webRoutes(deps: WebDependencies) {
  const { settings } = deps;
  const secure = (settings.publicUrl ?? '').startsWith('https:');
  const callbackUrl = settings.publicUrl ? `${settings.publicUrl}${PREFIX}/oauth/callback` : null;

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://app.invalid');
    const path = url.pathname;
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return false;
    try {
      await route(request, response, url);
    } catch (error) {
      // The message may name a GitHub request, never a token (tokens travel only in headers).
      deps.log.error({ err: error instanceof Error ? error.message : String(error), path }, 'a readiness page failed');
      if (!response.headersSent) send(response, 502, 'GitHub did not answer', html`<h1>GitHub did not answer</h1><p>The page could not be read from GitHub just now. Try again in a minute.</p>`);
    }
    return true;
  };

  async function route(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (path === STYLESHEET_PATH && method === 'GET') {
      response.writeHead(200, { ...securityHeaders(), 'cache-control': 'public, max-age=3600', 'content-type': 'text/css; charset=utf-8' }).end(STYLESHEET);
      return;
    }
    if (!settings.oauth) {
      send(response, 503, 'Sign-in is not configured', html`<h1>Sign-in is not configured</h1>
<p>These pages show readiness data only to people who sign in with GitHub. To enable them, set <code>GITHUB_CLIENT_ID</code> and <code>GITHUB_CLIENT_SECRET</code> to the GitHub App's OAuth credentials, set <code>READINESS_PUBLIC_URL</code> to the app's public address, and register <code>&lt;READINESS_PUBLIC_URL&gt;/readiness/oauth/callback</code> as the app's callback URL (see docs/deploy.md).</p>`);
      return;
    }
    if (path === `${PREFIX}/login` && method === 'GET') return login(response, url);
    if (path === `${PREFIX}/oauth/callback` && method === 'GET') return callback(request, response, url);
    if (path === `${PREFIX}/logout` && method === 'POST') return logout(request, response);

    const session = currentSession(request);
    if (!session) {
      if (method !== 'GET') return send(response, 405, 'Not allowed', html`<h1>Not allowed</h1>`);
      const next = encodeURIComponent(safeNext(`${url.pathname}${url.search}`));
      response.writeHead(302, { ...securityHeaders(), location: `${PREFIX}/login?next=${next}` }).end();
      return;
    }
    const details = DETAILS.exec(path);
    if (details && method === 'GET') return detailsPage(response, session.session, { owner: details[1]!, repo: details[2]!, number: Number(details[3]) });
    const exported = EXPORT.exec(path);
    if (exported && method === 'GET') return auditExport(response, session.session, { owner: exported[1]!, repo: exported[2]! }, exported[3] as ExportFormat, url);
    const overview = OVERVIEW.exec(path);
    if (overview && method === 'GET') return overviewPage(response, session.session, overview[1]!, url);
    if ((path === PREFIX || path === `${PREFIX}/`) && method === 'GET') {
      return send(response, 200, 'readiness-gate', html`<h1>readiness-gate</h1><p>Open a pull request's <code>readiness</code> check and follow its “Details” link to see its readiness here.</p>`, session.session.login);
    }
    send(response, 404, 'Not found', html`<h1>Not found</h1><p>There is no such page.</p>`, session.session.login);
  }

  function send(response: ServerResponse, status: number, title: string, body: ReturnType<typeof html>, login?: string | null, extra: Record<string, string | string[]> = {}): void {
    response.writeHead(status, { ...securityHeaders(), 'content-type': 'text/html; charset=utf-8', ...extra }).end(page(title, body, { signedInAs: login ?? null }));
  }

  function currentSession(request: IncomingMessage): { id: string; session: Session } | null {
    const id = verifyCookieValue(settings.cookieKey, SESSION_COOKIE, parseCookies(request.headers.cookie).get(SESSION_COOKIE));
    const session = id ? deps.sessions.get(id) : null;
    return id && session ? { id, session } : null;
  }

  function login(response: ServerResponse, url: URL): void {
    const state = randomBytes(32).toString('base64url');
    const next = safeNext(url.searchParams.get('next'));
    const authorize = new URL(`${settings.webBase}/login/oauth/authorize`);
    authorize.searchParams.set('client_id', settings.oauth!.clientId);
    authorize.searchParams.set('state', state);
    if (callbackUrl) authorize.searchParams.set('redirect_uri', callbackUrl);
    // The state goes with the browser (signed), so a callback from another browser's sign-in is refused.
    const cookie = signCookieValue(settings.cookieKey, STATE_COOKIE, `${state}:${Buffer.from(next).toString('base64url')}`);
    response
      .writeHead(302, { ...securityHeaders(), location: authorize.href, 'set-cookie': cookieLine(STATE_COOKIE, cookie, { secure, maxAgeSeconds: STATE_LIFETIME_SECONDS }) })
      .end();
  }

  async function callback(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const clearState = cookieLine(STATE_COOKIE, '', { secure, maxAgeSeconds: 0 });
    const stored = verifyCookieValue(settings.cookieKey, STATE_COOKIE, parseCookies(request.headers.cookie).get(STATE_COOKIE));
    const [expected = '', nextEncoded = ''] = (stored ?? '').split(':');
    const given = url.searchParams.get('state') ?? '';
    const code = url.searchParams.get('code') ?? '';
    if (!stored || !sameText(given, expected) || code === '') {
      send(response, 400, 'Sign-in refused', html`<h1>Sign-in refused</h1><p>This sign-in did not start here (its <code>state</code> does not match), or it took too long. <a href="${PREFIX}/login">Sign in again</a>.</p>`, null, { 'set-cookie': clearState });
      return;
    }
    let login: string;
    let token: string;
    try {
      token = await exchangeCode(settings, code, callbackUrl);
      login = await userLogin(settings, token);
    } catch (error) {
      const message = error instanceof SignInError ? error.message : 'GitHub could not be reached.';
      deps.log.warn({ reason: message }, 'a sign-in failed');
      send(response, 502, 'Sign-in failed', html`<h1>Sign-in failed</h1><p>${message} <a href="${PREFIX}/login">Try again</a>.</p>`, null, { 'set-cookie': clearState });
      return;
    }
    const id = deps.sessions.create(login, token);
    const sessionCookie = cookieLine(SESSION_COOKIE, signCookieValue(settings.cookieKey, SESSION_COOKIE, id), { secure, maxAgeSeconds: SESSION_LIFETIME_MS / 1000 });
    const next = safeNext(Buffer.from(nextEncoded, 'base64url').toString());
    response.writeHead(302, { ...securityHeaders(), location: next, 'set-cookie': [clearState, sessionCookie] }).end();
  }

  function logout(request: IncomingMessage, response: ServerResponse): void {
    const current = currentSession(request);
    if (current) deps.sessions.delete(current.id);
    send(response, 200, 'Signed out', html`<h1>Signed out</h1><p><a href="${PREFIX}/login">Sign in again</a>.</p>`, null, {
      'set-cookie': cookieLine(SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 }),
    });
  }

  /**
   * The installation's client for a repository this user may read, else null
   * after a 403 page: the same answer for a malformed name, an unreadable
   * repository and one without the app, so there is nothing to learn by probing.
   */
  async function readableRepo(response: ServerResponse, session: Session, repo: RepoRef): Promise<GitHubClient | null> {
    const github = NAME.test(repo.owner) && NAME.test(repo.repo) && (await canRead(settings, session.token, repo)) ? await deps.installationClient(repo) : null;
    if (!github) send(response, 403, 'No access', html`<h1>No access</h1><p>GitHub does not let <strong>${session.login}</strong> read this repository, or the app is not installed on it.</p>`, session.login);
    return github;
  }

  async function auditExport(response: ServerResponse, session: Session, repo: RepoRef, format: ExportFormat, url: URL): Promise<void> {
    const sinceText = url.searchParams.get('since') ?? '';
    const untilText = url.searchParams.get('until');
    const since = utcDay(sinceText, 'start');
    const until = untilText === null ? deps.now() : utcDay(untilText, 'end');
    if (!since || !until || since > until) {
      return send(response, 400, 'Bad date range', html`<h1>Bad date range</h1><p>Give <code>since</code> (and optionally <code>until</code>, default now) as <code>YYYY-MM-DD</code> UTC days, with <code>since</code> not after <code>until</code>: for example <code>?since=2026-01-01&amp;until=2026-03-31</code>.</p>`, session.login);
    }
    const github = await readableRepo(response, session, repo);
    if (!github) return;
    const identity = await deps.identity();
    const entries = await readEvaluationHistory(github, repo, { appId: identity.id, since, until });
    // Owner and repository passed NAME, so the file name needs no quoting beyond its quotes.
    const filename = `${repo.owner}-${repo.repo}-audit-${since.toISOString().slice(0, 10)}-${until.toISOString().slice(0, 10)}.${format}`;
    response
      .writeHead(200, { ...securityHeaders(), 'content-type': EXPORT_TYPES[format], 'content-disposition': `attachment; filename="${filename}"` })
      .end(formatEntries(entries, format));
  }

  async function detailsPage(response: ServerResponse, session: Session, ref: PullRef): Promise<void> {
    const repo = { owner: ref.owner, repo: ref.repo };
    const github = await readableRepo(response, session, repo);
    if (!github) return;
    const pull = await readPull(github, ref).catch((error: unknown) => {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    });
    if (!pull) return send(response, 404, 'Not found', html`<h1>Not found</h1><p>There is no pull request #${ref.number} in ${repo.owner}/${repo.repo}.</p>`, session.login);
    const identity = await deps.identity();
    const judgement = await judgeForPage({ github, now: deps.now(), appLogin: identity.login, stateKey: deps.stateKey }, ref, pull.raw);
    const history = await readEvaluationHistory(github, repo, { appId: identity.id, pull: ref.number, recentCommits: HISTORY_COMMITS, since: new Date(0), until: deps.now() });
    const view = detailsPageModel({ repo, pull: pull.summary, judgement, history, webBase: settings.webBase });
    send(response, 200, view.heading, detailsPageBody(view), session.login);
  }

  async function overviewPage(response: ServerResponse, session: Session, owner: string, url: URL): Promise<void> {
    const refused = () =>
      send(response, 403, 'No access', html`<h1>No access</h1><p>The app is not installed on this account, or GitHub does not let <strong>${session.login}</strong> see it.</p>`, session.login);
    if (!NAME.test(owner)) return refused();
    const readable = await readableInstallationRepos(settings, session.token, owner);
    if (!readable) return refused();
    const filters = { repo: filterValue(url, 'repo'), role: filterValue(url, 'role') };
    // Only repositories GitHub listed for this user are read: a `repo` filter naming another reads nothing.
    const chosen = readable.filter((r) => filters.repo === null || r.repo === filters.repo).slice(0, OVERVIEW_REPOS);
    const identity = await deps.identity();
    const read: OverviewRepo[] = [];
    for (const repo of chosen) {
      const github = await deps.installationClient(repo);
      if (github) read.push(await readOverviewRepo(github, repo, identity, settings.webBase));
    }
    const view = overviewView(owner, readable.map((r) => r.repo), read, filters);
    send(response, 200, `Readiness across ${owner}`, overviewPageBody(view), session.login);
  }
}

/** A filter's value from the query: null when absent or empty; bounded in length. */
function filterValue(url: URL, name: string): string | null {
  const value = url.searchParams.get(name)?.trim() ?? '';
  return value === '' ? null : value.slice(0, 100);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
