/** The app's own `readiness` check run on a commit: read to reconcile it, and as the app's unforgeable clock. */
import type { GitHubClient, RepoRef } from './client.js';

export const CHECK_NAME = 'readiness';

export interface ExistingCheckRun {
  id: number;
  /** When the app first posted a check on this commit: the moment it saw the commit as the head. */
  startedAt: string | null;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

/** The app's own current `readiness` run on a commit, if any. */
export async function findCheckRun(github: GitHubClient, repo: RepoRef, headSha: string, appId: number | undefined): Promise<ExistingCheckRun | null> {
  const { data } = await github.rest.checks.listForRef({
    ...repo,
    ref: headSha,
    check_name: CHECK_NAME,
    filter: 'latest',
    ...(appId !== undefined ? { app_id: appId } : {}),
  });
  const run = data.check_runs[0];
  return run ? { id: run.id, startedAt: run.started_at, status: run.status, conclusion: run.conclusion, output: run.output } : null;
}
