/**
 * What the organisation overview shows, read from GitHub and never judged
 * afresh: each open pull request's verdict is the audit record of the app's
 * own `readiness` check on its head (audit/record-line.ts), so the overview
 * costs one request per pull request and says exactly what the check says.
 * A check of the same name from another app is never read (its app id is
 * checked, not only asked for). Nothing here writes to GitHub.
 *
 * Requests per repository: one listing of open pull requests (the 50 most
 * recently updated, as the dashboard shows), one check listing per pull
 * request, one listing of the app's open issues (its dashboard).
 */
import { parseRecordText } from '../audit/record-line.js';
import type { AuditRecord } from '../audit/record-schema.js';
import type { GitHubClient, RepoRef } from '../github/client.js';
import { checkNameFor } from '../github/readiness-check.js';
import { readOwnIssues } from '../publish/dashboard-issue.js';

/** Pull requests read per repository, most recently updated first. */
export const OVERVIEW_PULLS = 50;

export interface OverviewPull {
  number: number;
  title: string;
  author: string;
  htmlUrl: string | null;
  headSha: string;
  base: string;
  /** The app's check run on the head (its page on GitHub). */
  checkUrl: string | null;
  record: AuditRecord;
}

export interface OverviewRepo {
  repo: RepoRef;
  /** Open pull requests whose latest check from the app holds a record that judged them in scope. */
  pulls: OverviewPull[];
  /** Open pull requests the app has no readable record for on their head (not evaluated yet, or an older record). */
  unjudged: number;
  dashboard: { number: number; title: string; htmlUrl: string } | null;
  openGapIssues: number;
}

interface ListedPull {
  number: number;
  title?: string;
  html_url?: string;
  user?: { login?: string } | null;
  head: { sha: string };
  base: { ref: string; repo?: { default_branch?: string } | null };
}

interface ListedRun {
  html_url?: string | null;
  app?: { id?: number } | null;
  output?: { text?: string | null };
}

export async function readOverviewRepo(github: GitHubClient, repo: RepoRef, app: { id: number; login: string }, webBase: string): Promise<OverviewRepo> {
  const { data } = await github.rest.pulls.list({ ...repo, state: 'open', sort: 'updated', direction: 'desc', per_page: OVERVIEW_PULLS });
  const pulls: OverviewPull[] = [];
  let unjudged = 0;
  for (const pull of data as unknown as ListedPull[]) {
    const name = checkNameFor(pull.base.ref, pull.base.repo?.default_branch ?? null);
    const { data: runs } = await github.rest.checks.listForRef({ ...repo, ref: pull.head.sha, check_name: name, filter: 'latest', app_id: app.id });
    const run = (runs.check_runs as unknown as ListedRun[]).find((r) => r.app?.id === app.id);
    const parsed = run ? parseRecordText(run.output?.text) : null;
    // A record made for another pull request with this head (a shared head) is not this one's.
    if (parsed?.kind !== 'record' || (parsed.record.pull !== null && parsed.record.pull !== pull.number)) {
      unjudged += 1;
      continue;
    }
    if (!parsed.record.inScope) continue;
    pulls.push({
      number: pull.number,
      title: pull.title ?? '',
      author: pull.user?.login ?? 'ghost',
      htmlUrl: pull.html_url ?? null,
      headSha: pull.head.sha,
      base: pull.base.ref,
      checkUrl: run?.html_url ?? null,
      record: parsed.record,
    });
  }
  const own = await readOwnIssues(github, repo, app.login, { openOnly: true });
  const dashboard = own.dashboard
    ? { number: own.dashboard.number, title: own.dashboard.title, htmlUrl: `${webBase}/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}/issues/${own.dashboard.number}` }
    : null;
  return { repo, pulls, unjudged, dashboard, openGapIssues: own.openGapIssues.length };
}
