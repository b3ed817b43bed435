/**
 * One simulated GitHub for the tests and the benchmarks: the state of the
 * repositories the app reads and writes (pull requests, their conversations,
 * reviews and review requests, issues, labels, collaborators, check runs,
 * commit statuses, file contents, team memberships and what GraphQL says about
 * edits and dismissals). It holds state only; `answerRequest` (github-routes.ts)
 * answers requests from it, and the adapters serve those answers: in-process
 * `fetch` and loopback HTTP (http-github.ts) for the benchmarks, nock for the
 * tests (test/support/simulated-github-nock.ts).
 *
 * What the app writes (comments, check runs, issues, labels, review requests)
 * is always answered, as GitHub would. Read-only facts (a pull request's own
 * fields and files, reviews, review comments, file contents, statuses, team
 * memberships) are answered only once they are given, so a test can still
 * serve them with interceptors of its own.
 */

export interface SimulatedUser {
  login: string;
  type: string;
}

export interface SimulatedComment {
  id: number;
  body: string;
  user: SimulatedUser;
  created_at: string;
  updated_at: string;
}

export interface SimulatedCheckRun {
  id: number;
  head_sha: string;
  started_at: string;
  name: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** The app that posted it; unset means the simulated app itself. */
  app?: { id: number; slug: string };
}

export interface SimulatedStatus {
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  creator: SimulatedUser;
  created_at: string;
}

export interface SimulatedIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  assignees: string[];
  user: { login: string };
  comments: SimulatedComment[];
  /** A deleted issue answers 410 Gone. */
  deleted?: boolean;
}

/** A body of a review request GitHub accepted. */
export interface ReviewRequest {
  reviewers: string[];
  team_reviewers: string[];
}

/** What GitHub's GraphQL API says about edits: node id → when it was last edited, and nodes whose creation included an edit. */
export interface EditHistory {
  edits: Record<string, string>;
  createdEdits: string[];
}

export interface Dismissal {
  reviewId: number;
  previousReviewState: string;
}

export interface PullOptions {
  files?: string[];
  author?: SimulatedUser;
  baseRef?: string;
  baseSha?: string;
  headRef?: string;
}

export class SimulatedPull {
  state: 'open' | 'closed' = 'open';
  merged = false;
  author: SimulatedUser;
  baseRef: string;
  baseSha: string;
  headRef: string;
  /** Head commits, oldest first: one per push. Until the first push the pull request's own fields are not simulated. */
  readonly heads: string[] = [];
  /** The files it changes, as its file list and the compare from its base to any of its heads show them. */
  files: string[];
  /** Its conversation (issue comments). */
  readonly comments: SimulatedComment[] = [];
  /** REST reviews and review comments, as GitHub lists them; unset: not simulated. */
  reviews: unknown[] | undefined;
  reviewComments: unknown[] | undefined;
  readonly reviewRequests: ReviewRequest[] = [];
  /** Answer review requests with this status instead (422: not a collaborator). */
  reviewRequestStatus = 201;
  /** Review dismissals on its timeline, as GraphQL reports them. */
  readonly dismissals: Dismissal[] = [];
  /** ISO times GitHub keeps (the pull request listing sorts by `updatedAt`). */
  createdAt: string;
  updatedAt: string;

  constructor(
    readonly repository: SimulatedRepository,
    readonly number: number,
    options: PullOptions = {},
  ) {
    this.files = options.files ?? [];
    this.author = options.author ?? { login: 'carol', type: 'User' };
    this.baseRef = options.baseRef ?? repository.defaultBranch;
    this.baseSha = options.baseSha ?? 'ba5e'.repeat(10);
    this.headRef = options.headRef ?? `feature-${number}`;
    this.createdAt = this.updatedAt = repository.github.now().toISOString();
  }

  /** A new commit on its branch (a made-up SHA unless given); returns it. */
  push(sha = this.#madeUpSha()): string {
    this.heads.push(sha);
    return sha;
  }

  /** Distinct per repository digits, pull request and push, so heads never collide. */
  #madeUpSha(): string {
    const repoDigits = this.repository.name.replace(/\D/g, '');
    return `${this.number.toString(16).padStart(8, '0')}${repoDigits.padStart(8, '0')}${this.heads.length.toString(16).padStart(24, '0')}`;
  }

  /** The pull request as the REST API (and a webhook) carries it. */
  toJSON(): Record<string, unknown> {
    return {
      number: this.number,
      state: this.state,
      merged: this.merged,
      changed_files: this.files.length,
      user: this.author,
      head: { sha: this.heads.at(-1) ?? '0'.repeat(40), ref: this.headRef },
      base: { ref: this.baseRef, sha: this.baseSha, repo: { default_branch: this.repository.defaultBranch } },
      created_at: this.createdAt,
      updated_at: this.updatedAt,
      labels: [],
      requested_reviewers: [],
      requested_teams: [],
    };
  }
}

export class SimulatedRepository {
  defaultBranch = 'main';
  archived = false;
  readonly pulls = new Map<number, SimulatedPull>();
  /** Issues that are not pull requests. */
  readonly issues: SimulatedIssue[] = [];
  readonly checkRuns: SimulatedCheckRun[] = [];
  /** Commit statuses, oldest first; unset: not simulated. */
  statuses: SimulatedStatus[] | undefined;
  readonly labels = new Set<string>();
  /** Users who may be assigned. */
  readonly collaborators = new Set<string>();
  /** File contents at every ref, by path; a ref of `contentsAt` overrides them. None at all: contents not simulated. */
  readonly files = new Map<string, string>();
  /** File contents at one ref (a branch or SHA) that differ from `files`; null: absent at that ref. */
  readonly contentsAt = new Map<string, Map<string, string | null>>();
  nextIssueNumber = 100;

  constructor(
    readonly github: SimulatedGitHub,
    readonly owner: string,
    readonly name: string,
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  /** The pull request with this number, made when first asked for. */
  pull(number: number, options: PullOptions = {}): SimulatedPull {
    let pull = this.pulls.get(number);
    if (!pull) {
      pull = new SimulatedPull(this, number, options);
      this.pulls.set(number, pull);
    }
    return pull;
  }

  /** A file at every ref, or (with `ref`) at that ref only; null removes it there. */
  setFile(path: string, text: string | null, ref?: string): void {
    if (ref === undefined) {
      if (text === null) this.files.delete(path);
      else this.files.set(path, text);
      return;
    }
    const atRef = this.contentsAt.get(ref) ?? new Map<string, string | null>();
    atRef.set(path, text);
    this.contentsAt.set(ref, atRef);
  }

  /** The file's text at `ref`, null when absent, undefined when contents are not simulated at all. */
  fileAt(path: string, ref: string | undefined): string | null | undefined {
    const atRef = ref === undefined ? undefined : this.contentsAt.get(ref);
    if (atRef?.has(path)) return atRef.get(path) ?? null;
    if (this.files.size === 0 && this.contentsAt.size === 0) return undefined;
    return this.files.get(path) ?? null;
  }

  addIssue(issue: Partial<SimulatedIssue> & { body: string }): SimulatedIssue {
    const full: SimulatedIssue = {
      number: this.nextIssueNumber++,
      title: 'an issue',
      state: 'open',
      state_reason: null,
      labels: [],
      assignees: [],
      user: { login: this.github.appLogin },
      comments: [],
      ...issue,
    };
    this.issues.push(full);
    return full;
  }

  /** The pull request or issue with this number (they share numbers, as on GitHub). */
  conversation(number: number): { comments: SimulatedComment[]; deleted?: boolean } | undefined {
    return this.pulls.get(number) ?? this.issues.find((issue) => issue.number === number);
  }

  /** The pull requests one of whose heads is `sha`. */
  pullsWithHead(sha: string): SimulatedPull[] {
    return [...this.pulls.values()].filter((pull) => pull.heads.includes(sha));
  }
}

/** A check-run write (create or update), for measuring how soon the app answered a push. */
export interface CheckRunWrite {
  repository: SimulatedRepository;
  headSha: string;
  /** Milliseconds since the epoch, by the real clock. */
  at: number;
}

export interface SimulatedGitHubOptions {
  appId?: number;
  appSlug?: string;
  /** What GitHub stamps on what the app creates; the real time by default. */
  now?: () => Date;
}

export class SimulatedGitHub {
  readonly appId: number;
  readonly appSlug: string;
  readonly now: () => Date;
  readonly repositories = new Map<string, SimulatedRepository>();
  /** Team memberships by `org/team-slug`: the members that are active. An unknown team is not simulated. */
  readonly teams = new Map<string, Set<string>>();
  readonly history: EditHistory = { edits: {}, createdEdits: [] };
  readonly checkRunWrites: CheckRunWrite[] = [];
  /** The app's installations, by id: the repositories each may see (for the sweep). None: installations not simulated. */
  readonly installations = new Map<number, SimulatedRepository[]>();
  #nextId = 1000;

  constructor(options: SimulatedGitHubOptions = {}) {
    this.appId = options.appId ?? 1;
    this.appSlug = options.appSlug ?? 'readiness-gate';
    this.now = options.now ?? (() => new Date());
  }

  get appLogin(): string {
    return `${this.appSlug}[bot]`;
  }

  /** The repository, made when first asked for. */
  repository(owner: string, name: string): SimulatedRepository {
    const key = `${owner}/${name}`;
    let repository = this.repositories.get(key);
    if (!repository) {
      repository = new SimulatedRepository(this, owner, name);
      this.repositories.set(key, repository);
    }
    return repository;
  }

  /** Installs the app with access to `repositories`. */
  install(id: number, repositories: SimulatedRepository[]): void {
    this.installations.set(id, repositories);
  }

  /** A fresh id for something GitHub creates (comments, check runs). */
  nextId(): number {
    return this.#nextId++;
  }

  /** Every pull request of every repository. */
  allPulls(): SimulatedPull[] {
    return [...this.repositories.values()].flatMap((repository) => [...repository.pulls.values()]);
  }
}
