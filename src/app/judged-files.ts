/**
 * The changed files of the commit being judged. First GitHub's compare pinned
 * to the pull request's base and head SHAs (facts/github/pull.ts), which
 * belongs to exactly that commit; when it is cut, the pull request's own list.
 */
import { fetchPull, GITHUB_FILE_LIST_LIMIT, listChangedFiles, type ChangedFiles } from '../facts/github/pull.js';
import type { GitHubClient, PullRef } from '../github/client.js';
import type { GitHubPull } from '../github/pull-object.js';

/**
 * The compare GitHub cut at 300 files: the pull request's own list goes to
 * 3,000, but follows the branch, so it counts only if the head is still the
 * one judged once it has been read. Otherwise the cut list stands (in scope,
 * every path condition triggered).
 */
export async function listedFilesOfHead(github: GitHubClient, ref: PullRef, pull: GitHubPull, cut: ChangedFiles): Promise<ChangedFiles> {
  if ((pull.changed_files ?? GITHUB_FILE_LIST_LIMIT) > GITHUB_FILE_LIST_LIMIT) return cut;
  const listed = await listChangedFiles(github, ref, pull.changed_files);
  const after = await fetchPull(github, ref);
  return after.head.sha === pull.head.sha ? listed : cut;
}
