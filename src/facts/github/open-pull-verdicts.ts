/**
 * The open pull requests into a branch with the verdict the app last
 * published on each head: read from the app's own `readiness` check run (by
 * app id, so another app's check of the same name is never taken for it),
 * never re-evaluated here, since every pull request keeps its own check up to date.
 */
import type { GitHubClient, RepoRef } from '../../github/client.js';
import { CHECK_NAME, findCheckRun } from '../../github/readiness-check.js';

/** The dashboard shows at most this many pull requests (the most recently updated), one request each. */
export const DASHBOARD_PULL_LIMIT = 50;

export interface OpenPullVerdict {
  number: number;
  title: string;
  headSha: string;
  /** Null when the app has not published a check on the head yet. */
  check: { status: string; conclusion: string | null; title: string | null } | null;
}

export interface OpenPullVerdicts {
  pulls: OpenPullVerdict[];
  /** More open pull requests exist than were read. */
  more: boolean;
}

export async function openPullVerdicts(github: GitHubClient, repo: RepoRef, branch: string, appId: number): Promise<OpenPullVerdicts> {
  const { data } = await github.rest.pulls.list({ ...repo, state: 'open', base: branch, sort: 'updated', direction: 'desc', per_page: DASHBOARD_PULL_LIMIT + 1 });
  const listed = data.slice(0, DASHBOARD_PULL_LIMIT);
  const pulls = await Promise.all(
    listed.map(async (pull): Promise<OpenPullVerdict> => {
      const run = await findCheckRun(github, repo, pull.head.sha, appId, CHECK_NAME);
      const check = run ? { status: run.status, conclusion: run.conclusion, title: run.output.title } : null;
      return { number: pull.number, title: pull.title, headSha: pull.head.sha, check };
    }),
  );
  return { pulls, more: data.length > DASHBOARD_PULL_LIMIT };
}
