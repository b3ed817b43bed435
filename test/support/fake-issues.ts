/**
 * A stateful stand-in for GitHub's issues, labels, assignees and review
 * requests of one repository, served by nock, and a client that records every
 * request it sends (at the fetch layer, below Octokit, above nock).
 */
import nock from 'nock';
import { sent } from './recording-fetch.js';

export const API = 'https://api.github.com';
export const OWNER = 'acme';
export const REPO_NAME = 'models';
export const REPO = `/repos/${OWNER}/${REPO_NAME}`;
export const APP_LOGIN = 'readiness-gate[bot]';

export { sent, testClient as client } from './recording-fetch.js';

/** `METHOD path` of every request sent so far. */
export function calls(): string[] {
  return sent.map((r) => `${r.method} ${r.path}`);
}

export function bodiesOf(method: string, path: string): any[] {
  return sent.filter((r) => r.method === method && r.path === path).map((r) => r.body);
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  assignees: string[];
  user: { login: string };
  pull_request?: { url: string };
  comments: string[];
  /** Deleted issues answer 410 Gone. */
  deleted?: boolean;
}

export class FakeRepository {
  readonly issues: FakeIssue[] = [];
  readonly labels = new Set<string>();
  /** Users who may be assigned (collaborators). */
  readonly collaborators = new Set<string>();
  /** Bodies of review requests that GitHub accepted. */
  readonly reviewRequests: { reviewers: string[]; team_reviewers: string[] }[] = [];
  /** Answer review requests with this status instead (422 for a non-collaborator). */
  reviewRequestStatus = 201;
  #next = 100;

  constructor(
    readonly owner = OWNER,
    readonly name = REPO_NAME,
  ) {}

  get #path(): string {
    return `/repos/${this.owner}/${this.name}`;
  }

  addIssue(issue: Partial<FakeIssue> & { body: string }): FakeIssue {
    const full: FakeIssue = {
      number: this.#next++,
      title: 'an issue',
      state: 'open',
      state_reason: null,
      labels: [],
      assignees: [],
      user: { login: APP_LOGIN },
      comments: [],
      ...issue,
    };
    this.issues.push(full);
    return full;
  }

  #issue(uri: string): FakeIssue | undefined {
    const number = Number(/\/issues\/(\d+)/.exec(uri)?.[1]);
    return this.issues.find((issue) => issue.number === number);
  }

  #json(issue: FakeIssue) {
    const { comments: _comments, deleted: _deleted, labels, ...rest } = issue;
    return { ...rest, labels: labels.map((name) => ({ name })), html_url: `https://github.com/${this.owner}/${this.name}/issues/${issue.number}` };
  }

  /** Serves everything as often as asked; requests nobody mocked still fail (net connect is off). */
  install(): void {
    const api = nock(API).persist();
    const repo = this.#path;
    const under = (rest: string) => new RegExp(`^${repo.replace(/[.]/g, '\\.')}${rest}$`);
    api.get(`${repo}/issues`).query(true).reply((uri) => {
      const query = new URL(uri, API).searchParams;
      const perPage = Number(query.get('per_page') ?? 30);
      const page = Number(query.get('page') ?? 1);
      const label = query.get('labels');
      const matching = this.issues
        .filter((issue) => !issue.deleted)
        .filter((issue) => !query.get('creator') || issue.user.login === query.get('creator'))
        .filter((issue) => query.get('state') === 'all' || issue.state === (query.get('state') ?? 'open'))
        .filter((issue) => !label || issue.labels.includes(label))
        .reverse();
      const pageItems = matching.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < matching.length) {
        const next = new URL(uri, API);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return [200, pageItems.map((issue) => this.#json(issue)), headers];
    });
    api.post(`${repo}/issues`).reply((_uri, body) => {
      const b = body as { title: string; body: string; labels?: string[]; assignees?: string[] };
      for (const label of b.labels ?? []) this.labels.add(label);
      const issue = this.addIssue({ title: b.title, body: b.body, labels: b.labels ?? [], assignees: b.assignees ?? [] });
      return [201, this.#json(issue)];
    });
    api.patch(under('/issues/\\d+')).reply((uri, body) => {
      const issue = this.#issue(uri);
      if (!issue) return [404, { message: 'Not Found' }];
      if (issue.deleted) return [410, { message: 'This issue was deleted' }];
      const b = body as { state?: 'open' | 'closed'; state_reason?: string; title?: string; body?: string };
      if (b.title !== undefined) issue.title = b.title;
      if (b.body !== undefined) issue.body = b.body;
      if (b.state) {
        issue.state = b.state;
        issue.state_reason = b.state === 'open' ? 'reopened' : (b.state_reason ?? null);
      }
      return [200, this.#json(issue)];
    });
    api.post(under('/issues/\\d+/comments')).reply((uri, body) => {
      const issue = this.#issue(uri);
      if (!issue) return [404, { message: 'Not Found' }];
      if (issue.deleted) return [410, { message: 'This issue was deleted' }];
      issue.comments.push((body as { body: string }).body);
      return [201, { id: 7000 + issue.comments.length, body: (body as { body: string }).body }];
    });
    api.get(under('/labels/.+')).reply((uri) => {
      const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
      return this.labels.has(name) ? [200, { name }] : [404, { message: 'Not Found' }];
    });
    api.post(`${repo}/labels`).reply((_uri, body) => {
      const b = body as { name: string };
      if (this.labels.has(b.name)) return [422, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] }];
      this.labels.add(b.name);
      return [201, b];
    });
    api.get(under('/assignees/[^/]+')).reply((uri) => {
      const login = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
      return this.collaborators.has(login) ? [204, ''] : [404, { message: 'Not Found' }];
    });
    api.post(under('/pulls/\\d+/requested_reviewers')).reply((_uri, body) => {
      if (this.reviewRequestStatus !== 201) return [this.reviewRequestStatus, { message: 'Reviews may only be requested from collaborators.' }];
      this.reviewRequests.push(body as { reviewers: string[]; team_reviewers: string[] });
      return [201, {}];
    });
  }
}
