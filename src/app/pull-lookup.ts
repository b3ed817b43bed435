/**
 * Which pull requests an event concerns, when the event does not say: the
 * worker's half of a LookupJob. Handlers call `pullsWithoutAsking` first and
 * queue a lookup only when GitHub must be asked.
 */
import type { Logger } from 'probot';
import { contractNeeds } from '../evaluate/fact-needs.js';
import { loadContract } from '../facts/github/load-contract.js';
import type { GitHubClient, RepoRef } from '../github/client.js';
import { openPullsWithHead, type HeadPull } from '../github/head-pulls.js';
import { checkNameFor } from '../github/readiness-check.js';
import type { HeadFilter, PullLookup } from '../queue/lookup-job.js';

/** A contract change on the default branch re-evaluates at most this many open pull requests. */
export const MAX_PULLS_PER_CONTRACT_PUSH = 100;

/** The pull requests, when the event itself tells them all (it listed them, and keeping them needs no contract); else null. */
export function pullsWithoutAsking(find: PullLookup): number[] | null {
  if (find.kind !== 'head' || find.listed.length === 0 || find.filter.kind === 'naming-check') return null;
  return kept(find.listed, find.filter).map((p) => p.number);
}

/** Asks GitHub; throws when it cannot answer (the queue retries, the log says so). */
export async function findPulls(github: GitHubClient, repo: RepoRef, find: PullLookup, log: Logger): Promise<number[]> {
  if (find.kind === 'base') {
    const { data: open } = await github.rest.pulls.list({ ...repo, state: 'open', base: find.base, per_page: MAX_PULLS_PER_CONTRACT_PUSH });
    if (open.length >= MAX_PULLS_PER_CONTRACT_PUSH) {
      log.warn(`contract changed: re-evaluating the ${MAX_PULLS_PER_CONTRACT_PUSH} most recent open pull requests; the rest update on their next event`);
    }
    return open.map((p) => p.number);
  }
  // A check or suite event lists its pull requests itself, except those from forks, which GitHub leaves out: ask then.
  const pulls = find.listed.length > 0 ? find.listed : await openPullsWithHead(github, repo, find.sha);
  const filter = find.filter;
  if (filter.kind !== 'naming-check') return kept(pulls, filter).map((p) => p.number);
  return (await pullsNamingCheck(github, repo, pulls, filter.check)).map((p) => p.number);
}

function kept(pulls: readonly HeadPull[], filter: Exclude<HeadFilter, { kind: 'naming-check' }>): readonly HeadPull[] {
  // A re-run of `readiness (release/1.0)` concerns only pull requests into release/1.0.
  return filter.kind === 'all' ? pulls : pulls.filter((p) => checkNameFor(p.base, filter.defaultBranch) === filter.name);
}

/** Another check finishing matters only to pull requests whose base contract names it (one contract read per base). */
async function pullsNamingCheck(github: GitHubClient, repo: RepoRef, pulls: readonly HeadPull[], name: string): Promise<HeadPull[]> {
  const naming = new Set<string>();
  for (const base of new Set(pulls.map((p) => p.base))) {
    const load = await loadContract(github, repo, base);
    if (load.kind === 'loaded' && load.result.ok && contractNeeds(load.result.contract).checks.includes(name)) naming.add(base);
  }
  return pulls.filter((p) => naming.has(p.base));
}
