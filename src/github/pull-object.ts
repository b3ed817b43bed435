/** GitHub's pull request object, as far as the app reads it. */

/** The subset of GitHub's pull request object that the app reads (webhook payloads and the REST API agree on it). */
export interface GitHubPull {
  number: number;
  state: string;
  merged?: boolean | null;
  merged_at?: string | null;
  changed_files?: number;
  user: { login: string; type: string } | null;
  head: { sha: string };
  /** `repo.default_branch` names the check (see checkNameFor); `sha` pins the file list to one comparison. */
  base: { ref: string; sha: string; repo?: { default_branch?: string | null } | null };
  labels: { name?: string }[];
  requested_reviewers?: ({ login: string } | null)[] | null;
  requested_teams?: ({ slug: string } | null)[] | null;
}

/** The repository's default branch as the pull request names it (absent when GitHub did not say: see checkNameFor). */
export function defaultBranchOf(pull: GitHubPull): string | null | undefined {
  return pull.base.repo?.default_branch;
}
