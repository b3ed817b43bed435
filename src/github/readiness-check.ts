/** The app's own `readiness` check run on a commit: read to reconcile it, and as the app's unforgeable clock. */
import type { GitHubClient, RepoRef } from './client.js';

/** The check of pull requests into the repository's default branch. */
export const CHECK_NAME = 'readiness';

/**
 * The check a pull request into `base` gets. A check run belongs to a commit,
 * not to a pull request, so a verdict judged against one base branch must
 * carry a name that no other base's required check uses: the default branch
 * keeps the plain name, every other base gets its own (`readiness (release/1.0)`).
 * An unknown default branch counts as "not this one": the plain name is then
 * never written, which can only leave a required check pending.
 */
export function checkNameFor(base: string, defaultBranch: string | null | undefined): string {
  return defaultBranch !== undefined && defaultBranch !== null && base === defaultBranch ? CHECK_NAME : `${CHECK_NAME} (${base})`;
}

/** Whether a check of this name is one the app writes (for some base). */
export function isReadinessCheckName(name: string): boolean {
  return name === CHECK_NAME || (name.startsWith(`${CHECK_NAME} (`) && name.endsWith(')'));
}

export interface ExistingCheckRun {
  id: number;
  /** When the app first posted a check on this commit: the moment it saw the commit as the head. */
  startedAt: string | null;
  status: string;
  conclusion: string | null;
  /** The run's "Details" link as GitHub holds it (GitHub fills in its own page when none was set). */
  detailsUrl?: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

/** The app's own current run of `name` (by default the default branch's `readiness`) on a commit, if any. */
export async function findCheckRun(
  github: GitHubClient,
  repo: RepoRef,
  headSha: string,
  appId: number | undefined,
  name: string = CHECK_NAME,
): Promise<ExistingCheckRun | null> {
  const { data } = await github.rest.checks.listForRef({
    ...repo,
    ref: headSha,
    check_name: name,
    filter: 'latest',
    ...(appId !== undefined ? { app_id: appId } : {}),
  });
  const run = data.check_runs[0];
  return run ? { id: run.id, startedAt: run.started_at, status: run.status, conclusion: run.conclusion, detailsUrl: run.details_url ?? null, output: run.output } : null;
}
