/**
 * Everything the evaluator may know about a pull request, as plain data.
 *
 * A snapshot is gathered once per evaluation (from GitHub by `facts/github`, or
 * from a local checkout by the CLI) and then judged without any I/O. Keeping it
 * plain makes evaluation deterministic and lets tests build one by hand.
 */

export type ChangedFileStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface ChangedFile {
  /** Repository-relative path at the head commit (for a removal, the removed path). */
  path: string;
  status: ChangedFileStatus;
  /** Path before a rename or copy. Both names count for scope matching. */
  previousPath?: string;
}

/** An evidence file as it is at the pull request head. */
export type EvidenceFileFact =
  | { state: 'present'; content: string; /** ISO time of the last commit touching the file, when asked for. */ lastChangedAt?: string }
  | { state: 'absent' }
  /** Present but not judged: too large, binary or not UTF-8. `reason` says which. */
  | { state: 'unreadable'; reason: string };

/**
 * A file that a `digest_of` constraint binds a field to, as it is at the pull
 * request head: the SHA-256 of its bytes, and, when those bytes are a Git LFS
 * pointer, the oid it names (with the pointer's line, for messages).
 */
export type ArtifactFact =
  | { state: 'present'; sha256: string; lfsPointer?: { oid: string; line: number } }
  | { state: 'absent' }
  /** Present but not hashed: too large, not a file, or a malformed LFS pointer. `reason` says which. */
  | { state: 'unreadable'; reason: string };

/** `pending` while queued or in progress; otherwise GitHub's conclusion, or `success`/`failure`/`error` for statuses. */
export type CheckConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'action_required'
  | 'stale'
  | 'error'
  | 'pending';

/**
 * The GitHub Actions workflow behind a check run: its file, and the
 * repository's own reusable workflows it called (both repository-relative), or
 * why it could not be determined.
 */
export type WorkflowFact = { file: string; calls: string[] } | { file: null; reason: string };

/** One report of a check's name on the head commit, with who made it: the judge decides which reports count. */
export type CheckObservation =
  | {
      kind: 'check_run';
      /** Slug of the GitHub App that created the run ('' when GitHub did not say). */
      app: string;
      conclusion: CheckConclusion;
      /** For runs of GitHub Actions only. */
      workflow?: WorkflowFact;
    }
  | {
      kind: 'status';
      /** Who created the status (null when GitHub did not say); the latest status of each creator is kept. */
      creator: { login: string; type: ActorType } | null;
      conclusion: CheckConclusion;
    };

/** Everything reported under one check or status name on the head commit, from every source. */
export interface CheckFact {
  name: string;
  observations: CheckObservation[];
}

export type ActorType = 'User' | 'Bot' | 'Organization';

/**
 * A comment, review or review comment from the pull request conversation.
 * Commands (`/signoff`, `/waive`, …) are parsed out of `body` by the evaluator.
 */
export interface ConversationEntry {
  /** Stable key: `comment:<id>`, `review:<id>` or `review_comment:<id>`. */
  key: string;
  source: 'comment' | 'review' | 'review_comment';
  author: { login: string; type: ActorType };
  body: string;
  /** ISO time the entry was created (for reviews: submitted). */
  createdAt: string;
  /** An edited entry never carries commands: someone other than the author could have edited it. */
  edited: boolean;
  /** The head commit the entry was given at, when known. */
  commitSha: string | null;
  /** For reviews only. */
  reviewState?: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /**
   * For a dismissed review: the state it had before it was dismissed (GitHub's
   * timeline records it), when known. A dismissed "changes requested" still vetoes.
   */
  dismissedState?: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';
}

/** Whether `login` is an active member of team `org/slug` (only asked for people who issued commands). */
export interface TeamMembershipFact {
  team: string;
  login: string;
  active: boolean;
}

/** Files changed between a sign-off's commit and the head, used to decide staleness. */
export interface ChangesSince {
  fromSha: string;
  /** Commits after `fromSha` up to the head, oldest first. */
  commits: string[];
  files: string[];
  /**
   * How the head relates to `fromSha` (GitHub's compare status). Only `ahead`
   * (the head descends from it) or `identical` let a sign-off carry over; `behind`
   * (force-pushed back to an older commit) and `diverged` make it stale.
   * Absent when the source does not say (hand-built snapshots): then only the files count.
   */
  status?: 'ahead' | 'identical' | 'behind' | 'diverged';
  /** The comparison could not be made (e.g. force-push dropped the commit): treat as changed everything. */
  unknown?: boolean;
}

export interface PullRequestFacts {
  number: number;
  author: { login: string; type: ActorType };
  headSha: string;
  baseRef: string;
  labels: string[];
  state: 'open' | 'closed';
  merged: boolean;
}

export interface Snapshot {
  pull: PullRequestFacts;
  changedFiles: ChangedFile[];
  /**
   * GitHub lists at most 3,000 files of a pull request. When the list is cut,
   * the evaluator treats the pull request as in scope and every path
   * condition as triggered: missing files must never make a gate pass.
   */
  changedFilesTruncated: boolean;
  /** Keyed by repository-relative path; only files the contract names. */
  evidence: Record<string, EvidenceFileFact>;
  /**
   * Keyed by repository-relative path; only the files `digest_of` names. A path
   * it lacks was not gathered, which never lets a digest match.
   */
  artifacts?: Record<string, ArtifactFact>;
  /**
   * Templates named by `template:`, read from the base branch, keyed by path.
   * A template missing here is judged as absent: a problem, never a pass.
   */
  templates?: Record<string, EvidenceFileFact>;
  /**
   * The contract as the pull request would leave it (`.github/readiness.yml` at
   * the head), present only when the pull request changes that file without
   * removing it (evaluate/fact-needs.ts proposedContractNeed). The base branch's
   * contract still judges; this one is only checked for errors. Missing while
   * needed, it was not gathered, which never lets the gate pass.
   */
  proposedContract?: EvidenceFileFact;
  /** Keyed by check or status name; only the names the contract asks for. */
  checks: Record<string, CheckFact>;
  conversation: ConversationEntry[];
  teamMemberships: TeamMembershipFact[];
  changesSince: ChangesSince[];
}
