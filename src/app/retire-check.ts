/**
 * Withdraws the app's verdict from a head that a pull request no longer
 * stands for: closed without merging, or moved to another base. A check run
 * belongs to a commit, so a green verdict left behind would be inherited by
 * the next pull request opened with the same head into the same base before
 * its own first evaluation; it is turned into a failure that says why.
 */
import type { GitHubClient, RepoRef } from '../github/client.js';
import { openPullsWithHead } from '../github/head-pulls.js';
import { checkNameFor, findCheckRun } from '../github/readiness-check.js';
import { ensureCheckRun } from '../publish/check-run.js';
import type { NotJudged } from '../render/not-judged.js';

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
