/**
 * Withdraws the app's verdict from a head that a pull request no longer
 * stands for: closed without merging, or moved to another base. A check run
 * belongs to a commit, so a green verdict left behind would be inherited by
 * the next pull request opened with the same head into the same base before
 * its own first evaluation; it is turned into a failure that says why.
 */
import type { GitHubClient, PullRef, RepoRef } from '../github/client.js';
import { openPullsWithHead } from '../github/head-pulls.js';
import { checkNameFor, findCheckRun } from '../github/readiness-check.js';
import { ensureCheckRun } from '../publish/check-run.js';
import { defaultBranchOf, type GitHubPull } from '../github/pull-object.js';
import { retargetedPullCheck, type NotJudged } from '../render/not-judged.js';

export interface Retirement {
  /** The pull request that stopped standing for the head. */
  number: number;
  head: string;
  base: string;
  defaultBranch: string | null | undefined;
  content: NotJudged;
}

/**
 * Returns the other open pull requests into that base with the same head:
 * they shared the check, so they are judged again (one may now stand alone).
 * A head that never had the check, or already says the same, costs one request.
 */
export async function retireCheck(github: GitHubClient, repo: RepoRef, appId: number, retirement: Retirement): Promise<number[]> {
  const name = checkNameFor(retirement.base, retirement.defaultBranch);
  const existing = await findCheckRun(github, repo, retirement.head, appId, name);
  if (!existing) return [];
  const written = await ensureCheckRun(github, repo, { ...retirement.content, headSha: retirement.head, name }, existing);
  if (written === 'unchanged') return [];
  const sharing = await openPullsWithHead(github, repo, retirement.head);
  return sharing.filter((p) => p.base === retirement.base && p.number !== retirement.number).map((p) => p.number);
}

/** A base a pull request was moved away from, with its head at that moment. */
export interface LeftBase {
  base: string;
  head: string;
}

/**
 * A pull request moved to another base no longer stands for its head against
 * the old ones; returns the pull requests to judge again (see retireCheck).
 * A base it is back on is not withdrawn.
 */
export async function retireLeftBases(github: GitHubClient, ref: PullRef, appId: () => Promise<number>, pull: GitHubPull, left: readonly LeftBase[]): Promise<number[]> {
  const repo: RepoRef = { owner: ref.owner, repo: ref.repo };
  const gone = left.filter((r) => r.base !== pull.base.ref);
  if (gone.length === 0) return [];
  const id = await appId();
  const again: number[] = [];
  for (const { base, head } of gone) {
    const content = retargetedPullCheck(ref.number, base, pull.base.ref);
    again.push(...(await retireCheck(github, repo, id, { number: ref.number, head, base, defaultBranch: defaultBranchOf(pull), content })));
  }
  return again;
}
