/** The pull request itself and the files it changes. */
import type { ActorType, ChangedFile, ChangedFileStatus, PullRequestFacts } from '../snapshot.js';
import type { GitHubClient, PullRef } from './client.js';

/** GitHub lists at most this many files of a pull request. */
export const GITHUB_FILE_LIST_LIMIT = 3000;

/** The subset of GitHub's pull request object that the app reads (webhook payloads and the REST API agree on it). */
export interface GitHubPull {
  number: number;
  state: string;
  merged?: boolean | null;
  merged_at?: string | null;
  changed_files?: number;
  user: { login: string; type: string } | null;
  head: { sha: string };
  base: { ref: string };
  labels: { name?: string }[];
  requested_reviewers?: ({ login: string } | null)[] | null;
  requested_teams?: ({ slug: string } | null)[] | null;
}

export function pullFacts(pull: GitHubPull): PullRequestFacts {
  return {
    number: pull.number,
    author: { login: pull.user?.login ?? 'ghost', type: actorType(pull.user?.type) },
    headSha: pull.head.sha,
    baseRef: pull.base.ref,
    labels: pull.labels.map((l) => l.name ?? '').filter((name) => name !== ''),
    state: pull.state === 'closed' ? 'closed' : 'open',
    merged: Boolean(pull.merged ?? pull.merged_at),
  };
}

export function actorType(type: string | undefined): ActorType {
  return type === 'Bot' || type === 'Organization' ? type : 'User';
}

export async function fetchPull(github: GitHubClient, ref: PullRef): Promise<GitHubPull> {
  const { data } = await github.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number });
  return data as GitHubPull;
}

export interface ChangedFiles {
  files: ChangedFile[];
  /** GitHub stopped listing before the end: the evaluator must not trust the list to be complete. */
  truncated: boolean;
}

export async function listChangedFiles(github: GitHubClient, ref: PullRef, expectedCount?: number): Promise<ChangedFiles> {
  const listed = await github.paginate(github.rest.pulls.listFiles, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.number,
    per_page: 100,
  });
  const files = listed.map(
    (f): ChangedFile => ({
      path: f.filename,
      status: f.status as ChangedFileStatus,
      ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
    }),
  );
  const truncated = files.length >= GITHUB_FILE_LIST_LIMIT || (expectedCount !== undefined && expectedCount > files.length);
  return { files, truncated };
}
