/**
 * The open pull requests whose head is one commit. A check run belongs to a
 * commit, so every open pull request with that head and base shares one
 * `readiness` verdict, while sign-offs belong to each one's conversation.
 */
import type { GitHubClient, RepoRef } from './client.js';

export interface HeadPull {
  number: number;
  base: string;
}

/** Open pull requests whose head is exactly `sha` (GitHub also lists those that merely contain it). */
export async function openPullsWithHead(github: GitHubClient, repo: RepoRef, sha: string): Promise<HeadPull[]> {
  const { data } = await github.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100 });
  return data.filter((p) => p.state === 'open' && p.head.sha === sha).map((p) => ({ number: p.number, base: p.base.ref }));
}
