/**
 * Every evaluation's audit record in a repository over a date range, read
 * back from the app's own `readiness` check runs: the check runs are the store
 * (README, "Audit export"). GitHub has no listing of a repository's check
 * runs, only of a commit's, so the reader finds the commits first:
 *
 * 1. the pull requests that can hold an evaluation in the range: every open
 *    one (a scheduled re-evaluation or a contract change judges an open pull
 *    request without touching it) and the closed ones updated since a day
 *    before `since` (closing is an update, and nothing judges a closed pull
 *    request later), newest first, stopping at the first page older than that;
 *    one created after `until` is skipped;
 * 2. each pull request's commits;
 * 3. each commit's check runs from the app (`app_id`, `filter=all`: a re-run
 *    or a check written again on the same commit is kept too).
 *
 * Requests: ⌈open/100⌉ + ⌈closed in range/100⌉ + Σ per pull request
 * (⌈commits/100⌉ + commits); with `pull`, just that pull request's two terms.
 * The check-suites route costs the same per commit and then one more request
 * per suite, so it is not used. The client's throttling plugin waits out rate
 * limits. Commit dates are never used to skip anything: the author sets them.
 */
import type { GitHubClient, RepoRef } from '../github/client.js';
import { isReadinessCheckName } from '../github/readiness-check.js';
import { parseRecordText } from './record-line.js';
import type { AuditRecord } from './record-schema.js';

export interface HistoryOptions {
  /** The app whose check runs count: another app's check of the same name never does. */
  appId: number;
  /** Only this pull request. */
  pull?: number;
  /** Only each pull request's last this many commits (the details page: a page view stays cheap on a long pull request). */
  recentCommits?: number;
  /** Inclusive bounds on when each evaluation was made. */
  since: Date;
  until: Date;
  /** Called after every page fetched. */
  onProgress?: (progress: HistoryProgress) => void;
  /** A check run of the app that holds no readable record: skipped, and said why. */
  onWarning?: (message: string) => void;
}

export interface HistoryProgress {
  pages: number;
  records: number;
  /** Pull requests whose commits have been read, of those found so far. */
  pullsDone: number;
  pullsTotal: number;
}

/** One evaluation: the check run that carries it and its record. */
export interface EvaluationEntry {
  repository: string;
  checkRun: { id: number; name: string; headSha: string; conclusion: string | null; completedAt: string | null; url: string | null };
  /** `pull` is the pull request the record names, else the one the commit was found in. */
  record: AuditRecord;
}

/** Closed pull requests updated this long before `since` are still read: their last evaluation may come just after the update. */
const CLOSED_MARGIN_MS = 24 * 60 * 60 * 1000;
const PER_PAGE = 100;

interface ListedPull {
  number: number;
  created_at: string;
  updated_at: string;
}

interface ListedRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  html_url?: string | null;
  app?: { id?: number } | null;
  output: { text?: string | null };
}

export async function readEvaluationHistory(github: GitHubClient, repo: RepoRef, options: HistoryOptions): Promise<EvaluationEntry[]> {
  const progress: HistoryProgress = { pages: 0, records: 0, pullsDone: 0, pullsTotal: 0 };
  const page = () => {
    progress.pages += 1;
    options.onProgress?.({ ...progress });
  };
  const pulls = options.pull !== undefined ? [options.pull] : await pullsInRange(github, repo, options, page, progress);
  progress.pullsTotal = pulls.length;
  const seen = new Set<string>();
  const entries: EvaluationEntry[] = [];
  for (const number of pulls) {
    const commits = await commitsOf(github, repo, number, page);
    for (const sha of options.recentCommits !== undefined ? commits.slice(-options.recentCommits) : commits) {
      if (seen.has(sha)) continue;
      seen.add(sha);
      for (const run of await runsOf(github, repo, sha, options.appId, page)) {
        const entry = entryOf(run, number, repo, options);
        if (entry && inRange(entry, options)) {
          entries.push(entry);
          progress.records += 1;
        }
      }
    }
    progress.pullsDone += 1;
    options.onProgress?.({ ...progress });
  }
  return entries.sort((a, b) => compare(timeOf(a), timeOf(b)) || a.checkRun.id - b.checkRun.id);
}

async function pullsInRange(github: GitHubClient, repo: RepoRef, options: HistoryOptions, page: () => void, progress: HistoryProgress): Promise<number[]> {
  const numbers: number[] = [];
  const keep = (pull: ListedPull) => {
    if (Date.parse(pull.created_at) <= options.until.getTime() && !numbers.includes(pull.number)) numbers.push(pull.number);
  };
  const params = { ...repo, sort: 'updated', direction: 'desc', per_page: PER_PAGE } as const;
  for await (const { data } of github.paginate.iterator(github.rest.pulls.list, { ...params, state: 'open' })) {
    page();
    (data as ListedPull[]).forEach(keep);
  }
  const oldest = options.since.getTime() - CLOSED_MARGIN_MS;
  for await (const { data } of github.paginate.iterator(github.rest.pulls.list, { ...params, state: 'closed' })) {
    page();
    const listed = data as ListedPull[];
    listed.filter((pull) => Date.parse(pull.updated_at) >= oldest).forEach(keep);
    progress.pullsTotal = numbers.length;
    if (listed.length === 0 || Date.parse(listed.at(-1)?.updated_at ?? '') < oldest) break;
  }
  return numbers;
}

async function commitsOf(github: GitHubClient, repo: RepoRef, number: number, page: () => void): Promise<string[]> {
  const shas: string[] = [];
  for await (const { data } of github.paginate.iterator(github.rest.pulls.listCommits, { ...repo, pull_number: number, per_page: PER_PAGE })) {
    page();
    shas.push(...data.map((commit) => commit.sha));
  }
  return shas;
}

async function runsOf(github: GitHubClient, repo: RepoRef, sha: string, appId: number, page: () => void): Promise<ListedRun[]> {
  const runs: ListedRun[] = [];
  const params = { ...repo, ref: sha, app_id: appId, filter: 'all', per_page: PER_PAGE } as const;
  for await (const { data } of github.paginate.iterator(github.rest.checks.listForRef, params)) {
    page();
    runs.push(...(data as unknown as ListedRun[]));
  }
  // `app_id` asks GitHub to filter; the answer is checked too, since a record is trusted only from the app's own runs.
  return runs.filter((run) => run.app?.id === appId && isReadinessCheckName(run.name) && run.status === 'completed');
}

function entryOf(run: ListedRun, pull: number, repo: RepoRef, options: HistoryOptions): EvaluationEntry | null {
  const parsed = parseRecordText(run.output.text);
  const where = `check run ${run.id} (${run.name}) on ${run.head_sha.slice(0, 7)} of pull request #${pull}`;
  if (parsed.kind === 'none') {
    options.onWarning?.(`${where}: skipped, it holds no machine-readable audit record (written by an older version of the app, or the contract could not be loaded)`);
    return null;
  }
  if (parsed.kind === 'malformed') {
    options.onWarning?.(`${where}: skipped, ${parsed.reason}`);
    return null;
  }
  return {
    repository: `${repo.owner}/${repo.repo}`,
    checkRun: {
      id: run.id,
      name: run.name,
      headSha: run.head_sha,
      conclusion: run.conclusion,
      completedAt: run.completed_at ?? run.started_at ?? null,
      url: run.html_url ?? null,
    },
    record: { ...parsed.record, pull: parsed.record.pull ?? pull, headSha: parsed.record.headSha ?? run.head_sha },
  };
}

/** When the evaluation was made: the record says; a contract error's record leaves it to GitHub's completion time. */
function timeOf(entry: EvaluationEntry): number {
  const at = entry.record.evaluatedAt ?? entry.checkRun.completedAt;
  return at ? Date.parse(at) : Number.NaN;
}

function inRange(entry: EvaluationEntry, options: HistoryOptions): boolean {
  const at = timeOf(entry);
  return at >= options.since.getTime() && at <= options.until.getTime();
}

function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
