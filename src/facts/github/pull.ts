/** The pull request itself and the files it changes. */
import type { ActorType, ChangedFile, ChangedFileStatus, PullRequestFacts } from '../snapshot.js';
import type { GitHubClient, PullRef, RepoRef } from '../../github/client.js';
import { isNotFound } from '../../github/http-status.js';
import type { GitHubPull } from '../../github/pull-object.js';

/** GitHub lists at most this many files of a pull request. */
export const GITHUB_FILE_LIST_LIMIT = 3000;

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

/** GitHub's compare lists at most this many files; a list this long may have been cut. */
export const COMPARE_FILE_LIMIT = 300;

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

/**
 * The files the pull request changes at exactly its `head.sha`, as GitHub's
 * three-dot compare from `base.sha` lists them (the same merge-base diff as
 * the pull request's own file list). The pull request's file list follows the
 * branch, so a delivery older than the latest push would be judged by newer
 * files than the commit it names; a compare pinned to both SHAs cannot be.
 * A comparison GitHub cut (300 files) or cannot make is `truncated`, which the
 * evaluator treats as in scope with every path condition triggered.
 */
export async function listChangedFilesAt(github: GitHubClient, repo: RepoRef, pull: Pick<GitHubPull, 'base' | 'head'>): Promise<ChangedFiles> {
  try {
    // per_page pages the commits only; the files (up to 300) come on the first page.
    const { data } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${pull.base.sha}...${pull.head.sha}`, per_page: 1 });
    const files = (data.files ?? []).map(
      (f): ChangedFile => ({
        path: f.filename,
        status: f.status as ChangedFileStatus,
        ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
      }),
    );
    // A comparison without a file list says nothing about what changed: never read it as "no files".
    return { files, truncated: data.files === undefined || files.length >= COMPARE_FILE_LIMIT };
  } catch (error) {
    // A base commit GitHub no longer has (a force-pushed base): nothing proves the change small.
    if (isNotFound(error)) return { files: [], truncated: true };
    throw error;
  }
}
