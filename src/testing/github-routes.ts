/**
 * Answers one GitHub REST or GraphQL request from a SimulatedGitHub's state,
 * as GitHub would for the requests the app makes, or says it is not simulated
 * (undefined) so the caller can answer otherwise: the HTTP adapters with 404,
 * the nock adapter by letting a test's own interceptors answer.
 */
import { createHash } from 'node:crypto';
import { answerConversationHistory } from './graphql-history.js';
import type { ReviewRequest, SimulatedCheckRun, SimulatedComment, SimulatedGitHub, SimulatedIssue, SimulatedPull, SimulatedRepository } from './simulated-github.js';

export interface SimulatedRequest {
  method: string;
  /** Path and query, as sent (percent-encoded), without any `/api/v3` prefix. */
  path: string;
  body?: unknown;
  /** Where the API is served (scheme, host and any prefix), for the `link` header of paged answers. */
  origin?: string;
  /** The `authorization` header: an installation's token says which installation asks. */
  authorization?: string;
}

export interface SimulatedAnswer {
  status: number;
  data: unknown;
  headers?: Record<string, string>;
}

/** A file as the contents API answers it (base64), with its git blob SHA unless one is given. */
export function contentAnswer(path: string, text: string, sha = blobSha(text)): Record<string, unknown> {
  const content = Buffer.from(text, 'utf8');
  return { type: 'file', path, sha, size: content.length, encoding: 'base64', content: content.toString('base64') };
}

function blobSha(text: string): string {
  const content = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

const ok = (data: unknown, status = 200): SimulatedAnswer => ({ status, data });
const notFound = (): SimulatedAnswer => ({ status: 404, data: { message: 'Not Found' } });
const gone = (): SimulatedAnswer => ({ status: 410, data: { message: 'This issue was deleted' } });

interface Parsed {
  method: string;
  path: string;
  query: URLSearchParams;
  url: URL;
  /** The installation whose token the request carries (tokens are `simulated-token-<id>`). */
  installationId: number | undefined;
}

type Body = Record<string, unknown>;
/** The answer to a request the simulation covers; it may change the state, so it runs once, when the request is answered. */
type Answer = (body: Body) => SimulatedAnswer;
/** Which requests the simulation covers depends on the method, path and state alone, never on the body. */
type Route = (github: SimulatedGitHub, request: Parsed, match: RegExpExecArray) => Answer | undefined;
type RepositoryRoute = (repository: SimulatedRepository, request: Parsed, match: RegExpExecArray) => Answer | undefined;

/** How the simulation answers `method path`, or undefined when it does not cover that request. */
export function routeRequest(github: SimulatedGitHub, method: string, path: string, origin = 'https://api.github.com', authorization?: string): Answer | undefined {
  const token = /simulated-token-(\d+)$/.exec(authorization ?? '')?.[1];
  const parsed: Parsed = {
    method: method.toUpperCase(),
    path: decodeURIComponent(new URL(path, 'https://api.github.com').pathname),
    query: new URL(path, 'https://api.github.com').searchParams,
    url: new URL(`${origin}${path}`),
    installationId: token === undefined ? undefined : Number(token),
  };
  for (const [routeMethod, pattern, route] of ROUTES) {
    const match = routeMethod === parsed.method ? pattern.exec(parsed.path) : null;
    if (match) return route(github, parsed, match);
  }
  return undefined;
}

export function answerRequest(github: SimulatedGitHub, request: SimulatedRequest): SimulatedAnswer | undefined {
  const body = typeof request.body === 'object' && request.body !== null ? (request.body as Body) : {};
  return routeRequest(github, request.method, request.path, request.origin, request.authorization)?.(body);
}

/** A route under `/repos/{owner}/{repo}` of a repository the simulation knows. */
function inRepository(route: RepositoryRoute): Route {
  return (github, request, match) => {
    const repository = github.repositories.get(`${match[1]}/${match[2]}`);
    return repository ? route(repository, request, match) : undefined;
  };
}

/** A route of a pull request the simulation knows (the number is the third group). */
function inPull(route: (pull: SimulatedPull, request: Parsed, match: RegExpExecArray) => Answer | undefined): Route {
  return inRepository((repository, request, match) => {
    const pull = repository.pulls.get(Number(match[3]));
    return pull ? route(pull, request, match) : undefined;
  });
}

/** One page of a listing, with GitHub's `link` to the next one. */
function paged(items: readonly unknown[], request: Parsed): SimulatedAnswer {
  const perPage = Number(request.query.get('per_page') ?? 30);
  const page = Number(request.query.get('page') ?? 1);
  const headers: Record<string, string> = {};
  if (page * perPage < items.length) {
    const next = new URL(request.url);
    next.searchParams.set('page', String(page + 1));
    headers.link = `<${next.href}>; rel="next"`;
  }
  return { status: 200, data: items.slice((page - 1) * perPage, page * perPage), headers };
}

const REPO = '/repos/([^/]+)/([^/]+)';
const re = (pattern: string) => new RegExp(`^${pattern}$`);
/** An answer that does not depend on the body. */
const always = (answer: () => SimulatedAnswer): Answer => () => answer();

const ROUTES: [string, RegExp, Route][] = [
  ['POST', re('/app/installations/(\\d+)/access_tokens'), (_github, _request, match) => always(() => ok({ token: `simulated-token-${match[1] ?? ''}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {} }, 201))],
  // The installations and, for an installation's token, its repositories: what the sweep lists.
  ['GET', re('/app/installations'), (github, request) => {
    if (github.installations.size === 0) return undefined;
    return always(() => paged([...github.installations].map(([id, repositories]) => ({ id, account: { login: repositories[0]?.owner ?? '' } })), request));
  }],
  ['GET', re('/installation/repositories'), (github, request) => {
    const repositories = request.installationId === undefined ? undefined : github.installations.get(request.installationId);
    if (!repositories) return undefined;
    return always(() => {
      const page = paged(repositories.map((r) => ({ name: r.name, full_name: r.fullName, owner: { login: r.owner }, default_branch: r.defaultBranch, archived: r.archived })), request);
      return { ...page, data: { total_count: repositories.length, repositories: page.data } };
    });
  }],
  ['GET', re('/app'), (github) => always(() => ok({ id: github.appId, slug: github.appSlug }))],
  ['POST', re('/graphql'), (github) => (body) => ok(answerConversationHistory(body, github.history, (owner, repo, number) => github.repositories.get(`${owner}/${repo}`)?.pulls.get(number)?.dismissals ?? []))],
  ['GET', re('/orgs/([^/]+)/teams/([^/]+)/memberships/([^/]+)'), (github, _request, match) => {
    const members = github.teams.get(`${match[1]}/${match[2]}`);
    if (!members) return undefined;
    return always(() => (members.has(match[3] ?? '') ? ok({ state: 'active', role: 'member' }) : notFound()));
  }],

  // Contents: a file at a ref, once the repository has any.
  ['GET', re(`${REPO}/contents/(.+)`), inRepository((repository, request, match) => {
    const path = match[3] ?? '';
    const text = repository.fileAt(path, request.query.get('ref') ?? undefined);
    if (text === undefined) return undefined;
    return always(() => (text === null ? notFound() : ok(contentAnswer(path, text))));
  })],

  // A pull request's own fields and files, once it has a head.
  // The pull request listing, once any pull request's own fields are given: by state and base, newest first
  // (by update when asked, as the audit export does; by number otherwise, as GitHub's default `created`).
  ['GET', re(`${REPO}/pulls`), inRepository((repository, request) => {
    if (!simulatesPulls(repository)) return undefined;
    const state = request.query.get('state') ?? 'open';
    const base = request.query.get('base');
    const byUpdate = request.query.get('sort') === 'updated';
    return always(() => {
      const pulls = [...repository.pulls.values()]
        .filter((p) => p.heads.length > 0 && (state === 'all' || p.state === state) && (base === null || p.baseRef === base))
        .sort((a, b) => (byUpdate && a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : b.number - a.number));
      return paged(pulls.map((p) => p.toJSON()), request);
    });
  })],
  ['GET', re(`${REPO}/pulls/(\\d+)`), inPull((pull) => (pull.heads.length > 0 ? always(() => ok(pull.toJSON())) : undefined))],
  ['GET', re(`${REPO}/pulls/(\\d+)/files`), inPull((pull, request) => (pull.heads.length > 0 ? always(() => paged(fileEntries(pull), request)) : undefined))],
  ['GET', re(`${REPO}/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)`), inRepository((repository, _request, match) => {
    if (!simulatesPulls(repository)) return undefined;
    // A compare from a pull request's base to one of its heads lists that pull request's files.
    const pull = repository.pullsWithHead(match[4] ?? '').find((p) => p.baseSha === match[3]);
    return always(() => (pull ? ok({ status: 'ahead', files: fileEntries(pull) }) : notFound()));
  })],
  ['GET', re(`${REPO}/commits/([0-9a-f]+)/pulls`), inRepository((repository, request, match) => {
    if (!simulatesPulls(repository)) return undefined;
    return always(() => paged(repository.pullsWithHead(match[3] ?? '').filter((p) => p.state === 'open').map((p) => p.toJSON()), request));
  })],
  // A pull request's commits (its heads), for the audit export.
  ['GET', re(`${REPO}/pulls/(\\d+)/commits`), inPull((pull, request) => (pull.heads.length > 0 ? always(() => paged(pull.heads.map((sha) => ({ sha })), request)) : undefined))],
  ['GET', re(`${REPO}/pulls/(\\d+)/reviews`), inPull((pull, request) => (pull.reviews ? always(() => paged(pull.reviews ?? [], request)) : undefined))],
  ['GET', re(`${REPO}/pulls/(\\d+)/comments`), inPull((pull, request) => (pull.reviewComments ? always(() => paged(pull.reviewComments ?? [], request)) : undefined))],
  ['POST', re(`${REPO}/pulls/(\\d+)/requested_reviewers`), inPull((pull) => (body) => {
    if (pull.reviewRequestStatus !== 201) return { status: pull.reviewRequestStatus, data: { message: 'Reviews may only be requested from collaborators.' } };
    const b = body as Partial<ReviewRequest>;
    pull.reviewRequests.push({ reviewers: b.reviewers ?? [], team_reviewers: b.team_reviewers ?? [] });
    return ok({}, 201);
  })],

  // Conversations: the comments of a pull request or an issue (they share numbers).
  ['GET', re(`${REPO}/issues/(\\d+)/comments`), inRepository((repository, request, match) => {
    const conversation = repository.conversation(Number(match[3]));
    if (!conversation) return undefined;
    return always(() => (conversation.deleted ? gone() : paged(conversation.comments.map(commentJSON), request)));
  })],
  ['POST', re(`${REPO}/issues/(\\d+)/comments`), inRepository((repository, _request, match) => {
    const conversation = repository.conversation(Number(match[3]));
    if (!conversation) return undefined;
    return (body) => {
      if (conversation.deleted) return gone();
      const time = repository.github.now().toISOString();
      const comment: SimulatedComment = { id: repository.github.nextId(), body: String(body.body), user: { login: repository.github.appLogin, type: 'Bot' }, created_at: time, updated_at: time };
      conversation.comments.push(comment);
      return ok(commentJSON(comment), 201);
    };
  })],
  ['PATCH', re(`${REPO}/issues/comments/(\\d+)`), inRepository((repository, _request, match) => {
    const comment = allComments(repository).find((c) => c.id === Number(match[3]));
    if (!comment) return undefined;
    return (body) => {
      comment.body = String(body.body);
      comment.updated_at = repository.github.now().toISOString();
      return ok(commentJSON(comment));
    };
  })],

  // Issues, labels and assignees.
  ['GET', re(`${REPO}/issues`), inRepository((repository, request) => always(() => {
    const { query } = request;
    const label = query.get('labels');
    const matching = repository.issues
      .filter((issue) => !issue.deleted)
      .filter((issue) => !query.get('creator') || issue.user.login === query.get('creator'))
      .filter((issue) => query.get('state') === 'all' || issue.state === (query.get('state') ?? 'open'))
      .filter((issue) => !label || issue.labels.includes(label))
      .reverse();
    return paged(matching.map((issue) => issueJSON(repository, issue)), request);
  }))],
  ['POST', re(`${REPO}/issues`), inRepository((repository) => (body) => {
    const b = body as { title: string; body: string; labels?: string[]; assignees?: string[] };
    for (const label of b.labels ?? []) repository.labels.add(label);
    const issue = repository.addIssue({ title: b.title, body: b.body, labels: b.labels ?? [], assignees: b.assignees ?? [] });
    return ok(issueJSON(repository, issue), 201);
  })],
  ['PATCH', re(`${REPO}/issues/(\\d+)`), inRepository((repository, _request, match) => (body) => {
    const issue = repository.issues.find((i) => i.number === Number(match[3]));
    if (!issue) return notFound();
    if (issue.deleted) return gone();
    const b = body as { state?: 'open' | 'closed'; state_reason?: string; title?: string; body?: string };
    if (b.title !== undefined) issue.title = b.title;
    if (b.body !== undefined) issue.body = b.body;
    if (b.state) {
      issue.state = b.state;
      issue.state_reason = b.state === 'open' ? 'reopened' : (b.state_reason ?? null);
    }
    return ok(issueJSON(repository, issue));
  })],
  ['GET', re(`${REPO}/labels/(.+)`), inRepository((repository, _request, match) => always(() => (repository.labels.has(match[3] ?? '') ? ok({ name: match[3] }) : notFound())))],
  ['POST', re(`${REPO}/labels`), inRepository((repository) => (body) => {
    const name = String(body.name);
    if (repository.labels.has(name)) return { status: 422, data: { message: 'Validation Failed', errors: [{ code: 'already_exists' }] } };
    repository.labels.add(name);
    return ok(body, 201);
  })],
  ['GET', re(`${REPO}/assignees/([^/]+)`), inRepository((repository, _request, match) => always(() => (repository.collaborators.has(match[3] ?? '') ? ok('', 204) : notFound())))],

  // Check runs and commit statuses.
  ['GET', re(`${REPO}/commits/([^/]+)/check-runs`), inRepository((repository, request, match) => always(() => {
    const { query } = request;
    const name = query.get('check_name');
    const appId = query.get('app_id');
    let runs = repository.checkRuns
      .map((run) => ({ ...run, app: run.app ?? { id: repository.github.appId, slug: repository.github.appSlug } }))
      .filter((run) => run.head_sha === match[3] && (name === null || run.name === name) && (appId === null || String(run.app.id) === appId))
      .reverse();
    // filter=latest (GitHub's default): the newest run of each name from each app.
    if (query.get('filter') !== 'all') runs = runs.filter((run, i) => runs.findIndex((r) => r.name === run.name && r.app.id === run.app.id) === i);
    const page = paged(runs, request);
    return { ...page, data: { total_count: runs.length, check_runs: page.data } };
  }))],
  ['POST', re(`${REPO}/check-runs`), inRepository((repository) => (body) => {
    const b = body as { head_sha: string; name: string; status?: string; conclusion?: string; output?: Partial<SimulatedCheckRun['output']> };
    const run: SimulatedCheckRun = {
      id: repository.github.nextId(),
      head_sha: b.head_sha,
      started_at: repository.github.now().toISOString(),
      name: b.name,
      status: b.status ?? (b.conclusion ? 'completed' : 'queued'),
      conclusion: b.conclusion ?? null,
      output: { title: b.output?.title ?? null, summary: b.output?.summary ?? null, text: b.output?.text ?? null },
    };
    repository.checkRuns.push(run);
    repository.github.checkRunWrites.push({ repository, headSha: run.head_sha, at: Date.now() });
    return ok(run, 201);
  })],
  ['PATCH', re(`${REPO}/check-runs/(\\d+)`), inRepository((repository, _request, match) => {
    const run = repository.checkRuns.find((r) => r.id === Number(match[3]));
    if (!run) return undefined;
    return (body) => {
      const b = body as Partial<SimulatedCheckRun>;
      Object.assign(run, { ...b, output: { ...run.output, ...b.output } });
      repository.github.checkRunWrites.push({ repository, headSha: run.head_sha, at: Date.now() });
      return ok(run);
    };
  })],
  ['GET', re(`${REPO}/commits/([^/]+)/statuses`), inRepository((repository, request, match) => {
    const statuses = repository.statuses;
    if (!statuses) return undefined;
    return always(() =>
      paged(
        statuses
          .map((status, i) => ({ ...status, id: i + 1, updated_at: status.created_at }))
          .filter((status) => status.sha === match[3])
          .reverse(),
        request,
      ),
    );
  })],
];

/** Whether any pull request's own fields are given (it has a head): then commits and compares are answered too. */
function simulatesPulls(repository: SimulatedRepository): boolean {
  return [...repository.pulls.values()].some((pull) => pull.heads.length > 0);
}

function fileEntries(pull: SimulatedPull): { filename: string; status: string }[] {
  return pull.files.map((filename) => ({ filename, status: 'modified' }));
}

function commentJSON(comment: SimulatedComment): Record<string, unknown> {
  return { node_id: `IC_${comment.id}`, ...comment };
}

function allComments(repository: SimulatedRepository): SimulatedComment[] {
  return [...[...repository.pulls.values()].flatMap((pull) => pull.comments), ...repository.issues.flatMap((issue) => issue.comments)];
}

function issueJSON(repository: SimulatedRepository, issue: SimulatedIssue): Record<string, unknown> {
  const { comments: _comments, deleted: _deleted, labels, ...rest } = issue;
  return { ...rest, labels: labels.map((name) => ({ name })), html_url: `https://github.com/${repository.fullName}/issues/${issue.number}` };
}
