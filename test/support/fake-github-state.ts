/**
 * A stateful stand-in for the parts of GitHub the app writes to (PR comments
 * and check runs), so tests of duplicate, concurrent and repeated deliveries
 * see what earlier evaluations left behind.
 */
import nock from 'nock';
import { API, APP_ID, APP_LOGIN } from './github-app.js';
import { graphQLAnswer, type ConversationHistoryFixture } from './pull-fixtures.js';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

export interface FakeCheckRun {
  id: number;
  head_sha: string;
  started_at: string;
  name: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

export class FakeGitHubState {
  readonly comments: FakeComment[] = [];
  readonly checkRuns: FakeCheckRun[] = [];
  /** Reviewers the app asked for, in order. */
  readonly reviewRequests: { reviewers: string[]; team_reviewers: string[] }[] = [];

  /** What GitHub's GraphQL API says about edits and dismissals (every node unedited unless listed). */
  readonly history: Required<ConversationHistoryFixture> = { edits: {}, createdEdits: [], dismissals: [] };

  /** What GitHub stamps on a check run the app creates. */
  now = '2026-11-22T12:00:00Z';

  constructor(
    private readonly repoPath: string,
    private readonly pull: number,
  ) {}

  /** Serves comment listing/creation/editing and check-run listing/creation/updating from memory, as often as asked. */
  install(): void {
    const repo = this.repoPath;
    nock(API)
      .persist()
      .get(`${repo}/issues/${this.pull}/comments`)
      .query(true)
      .reply(200, () => this.comments.map((c) => ({ node_id: `IC_${c.id}`, ...c })));
    nock(API)
      .persist()
      .post('/graphql')
      .reply(200, graphQLAnswer(() => this.history));
    nock(API)
      .persist()
      .post(`${repo}/issues/${this.pull}/comments`)
      .reply(201, (_uri, body) => {
        const time = '2026-11-22T12:00:00Z';
        const comment = { id: 900 + this.comments.length, body: (body as { body: string }).body, user: { login: APP_LOGIN, type: 'Bot' }, created_at: time, updated_at: time };
        this.comments.push(comment);
        return comment;
      });
    nock(API)
      .persist()
      .patch(new RegExp(`^${repo}/issues/comments/\\d+$`))
      .reply(200, (uri, body) => {
        const comment = this.comments.find((c) => uri.endsWith(`/${c.id}`));
        if (comment) {
          comment.body = (body as { body: string }).body;
          comment.updated_at = '2026-11-22T12:30:00Z';
        }
        return comment ?? {};
      });
    nock(API)
      .persist()
      .post(`${repo}/pulls/${this.pull}/requested_reviewers`)
      .reply(201, (_uri, body) => {
        const b = body as { reviewers?: string[]; team_reviewers?: string[] };
        this.reviewRequests.push({ reviewers: b.reviewers ?? [], team_reviewers: b.team_reviewers ?? [] });
        return {};
      });
    nock(API)
      .persist()
      .get(new RegExp(`^${repo}/commits/[0-9a-f]+/check-runs\\?`))
      .reply(200, (uri) => {
        const sha = /commits\/([0-9a-f]+)\//.exec(uri)?.[1];
        const name = new URL(uri, API).searchParams.get('check_name');
        const runs = this.checkRuns.filter((r) => r.head_sha === sha && (name === null || r.name === name) && uri.includes(`app_id=${APP_ID}`)).reverse();
        return { total_count: runs.length, check_runs: runs.slice(0, 1) };
      });
    nock(API)
      .persist()
      .post(`${repo}/check-runs`)
      .reply(201, (_uri, body) => {
        const b = body as { head_sha: string; name: string; status: string; conclusion: string; output: FakeCheckRun['output'] };
        const run = { id: 500 + this.checkRuns.length, head_sha: b.head_sha, started_at: this.now, name: b.name, status: b.status, conclusion: b.conclusion, output: { ...b.output, text: b.output.text ?? null } };
        this.checkRuns.push(run);
        return run;
      });
    nock(API)
      .persist()
      .patch(new RegExp(`^${repo}/check-runs/\\d+$`))
      .reply(200, (uri, body) => {
        const run = this.checkRuns.find((r) => uri.endsWith(`/${r.id}`));
        const b = body as Partial<FakeCheckRun>;
        if (run) Object.assign(run, { ...b, output: { ...run.output, ...b.output } });
        return run ?? {};
      });
  }
}
