/**
 * One commit, several open pull requests into one base: they share one check
 * run but not their sign-offs (a colleague's pull request with the author's
 * head could collect the author's own sign-off), so none is judged until one
 * is left.
 */
import type { GitHubClient, RepoRef } from '../github/client.js';
import { openPullsWithHead } from '../github/head-pulls.js';
import type { GitHubPull } from '../github/pull-object.js';
import { publishCheck, type CheckTarget } from '../publish/publish-evaluation.js';
import { sharedHeadCheck } from '../render/not-judged.js';

/** Open pull requests into the same base whose head is this one (this one included). */
export async function pullsSharingHead(github: GitHubClient, repo: RepoRef, number: number, pull: GitHubPull): Promise<number[]> {
  const sharing = (await openPullsWithHead(github, repo, pull.head.sha)).filter((p) => p.base === pull.base.ref).map((p) => p.number);
  return [...new Set([number, ...sharing])];
}

/**
 * Writes the refusal on every head; returns the other pull requests to judge
 * again when it was new on the judged head: one of them may have published a
 * verdict computed before this pull request appeared.
 */
export async function refuseSharedHead(
  github: GitHubClient,
  target: CheckTarget,
  appId: () => Promise<number>,
  number: number,
  sharing: readonly number[],
  base: string,
): Promise<number[]> {
  const [written] = await publishCheck(github, target, sharedHeadCheck(sharing, base), { appId });
  return written === 'unchanged' ? [] : sharing.filter((n) => n !== number);
}
