import type { ProbotOctokit } from 'probot';

/** The authenticated client Probot hands to every event (retries, throttling and pagination included). */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRef extends RepoRef {
  number: number;
}

export function pullKey(ref: PullRef): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`;
}
