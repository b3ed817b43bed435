/**
 * Earlier evaluations of a pull request, one per head commit, from the app's
 * own check runs (found by the app's id, so a look-alike check of another app
 * is never shown as the app's). The audit export (src/audit/history.ts,
 * readEvaluationHistory) reads the same records; the lead unifies the two on merge.
 */
import type { GitHubClient, PullRef } from '../github/client.js';

export interface EvaluationRecord {
  headSha: string;
  conclusion: string | null;
  title: string | null;
  /** From the audit record's "Evaluated at" line; else when the run completed. */
  evaluatedAt: string | null;
  checkUrl: string | null;
  /** The contract blob SHA the record names, when it names one. */
  contractSha: string | null;
}

/** The most recent commits whose checks are read: one request each. */
export const HISTORY_COMMITS = 20;

export async function readPullHistory(github: GitHubClient, ref: PullRef, appId: number, checkName: string): Promise<EvaluationRecord[]> {
  const { data: commits } = await github.rest.pulls.listCommits({ owner: ref.owner, repo: ref.repo, pull_number: ref.number, per_page: 100 });
  const recent = commits.slice(-HISTORY_COMMITS).reverse();
  const records: EvaluationRecord[] = [];
  for (const commit of recent) {
    const { data } = await github.rest.checks.listForRef({ owner: ref.owner, repo: ref.repo, ref: commit.sha, check_name: checkName, filter: 'latest', app_id: appId });
    const run = data.check_runs.find((r) => r.app?.id === appId);
    if (!run) continue;
    const text = run.output?.text ?? '';
    records.push({
      headSha: run.head_sha,
      conclusion: run.conclusion ?? null,
      title: run.output?.title ?? null,
      evaluatedAt: auditLine(text, /^- Evaluated at: `([^`]+)`/m) ?? run.completed_at ?? null,
      checkUrl: run.html_url ?? null,
      contractSha: auditLine(text, /^- Contract: .*?blob `([0-9a-f]{7,64})`/m),
    });
  }
  return records;
}

function auditLine(text: string, pattern: RegExp): string | null {
  return pattern.exec(text)?.[1] ?? null;
}
