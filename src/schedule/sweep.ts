/**
 * One sweep: every open pull request in an installed repository that has a
 * contract is queued for evaluation. It recovers schedules a restart lost (each
 * evaluation schedules its next instant again) and catches deliveries GitHub
 * never made. It only reads and enqueues, through the ordinary queue, so a pull
 * request already waiting is coalesced with it and an unchanged one costs its
 * evaluation's reads (mostly conditional, 304s) and no write.
 *
 * Cost, in requests: the installations (app-authenticated, paginated), then per
 * installation its repositories (paginated) and one probe of its account's
 * `.github` repository (an organisation-wide contract); per repository one
 * probe of its own contract on the default branch, and only when there is a
 * contract, its open pull requests (paginated). Archived repositories cost
 * nothing. Requests go one at a time through Octokit's throttling (never a
 * retry of its own); token exchanges are Probot's and are not counted.
 */
import { CONTRACT_PATH } from '../contract/location.js';
import type { GitHubClient, RepoRef } from '../github/client.js';
import { isNotFound } from '../github/http-status.js';
import type { EvaluationJob } from '../queue/evaluation-job.js';

/** The event name a sweep's evaluations carry (logs, metrics). */
export const SWEEP_EVENT = 'sweep';

export interface SweepLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface SweepContext {
  /** The app-authenticated client (JWT): lists installations. */
  appClient: () => Promise<GitHubClient>;
  installationClient: (installationId: number) => Promise<GitHubClient>;
  enqueue: (job: EvaluationJob) => Promise<void>;
  now: () => Date;
  log: SweepLog;
}

export interface SweepReport {
  installations: number;
  repositories: number;
  /** Repositories with a contract of their own or from their account's `.github` repository. */
  withContract: number;
  /** Open pull requests queued for evaluation. */
  pulls: number;
  /** GitHub requests the sweep itself sent (not those of the evaluations it queued). */
  requests: number;
  /** Repositories that could not be read this time (the next sweep tries again). */
  failed: number;
}

interface ListedRepository {
  name: string;
  owner: { login: string };
  default_branch?: string;
  archived?: boolean;
}

export async function sweep(context: SweepContext): Promise<SweepReport> {
  const report: SweepReport = { installations: 0, repositories: 0, withContract: 0, pulls: 0, requests: 0, failed: 0 };
  // Each page and each probe is one request; counted here because the app's client is shared (no hooks of our own on it).
  const request = <T>(sent: Promise<T>): Promise<T> => {
    report.requests += 1;
    return sent;
  };
  const startedAt = context.now().toISOString();

  const app = await context.appClient();
  const installations = await everyPage(app.paginate.iterator(app.rest.apps.listInstallations, { per_page: 100 }), report);
  for (const installation of installations) {
    report.installations += 1;
    const github = await context.installationClient(installation.id);
    let repositories: ListedRepository[];
    try {
      repositories = await everyPage(github.paginate.iterator(github.rest.apps.listReposAccessibleToInstallation, { per_page: 100 }), report);
    } catch (error) {
      report.failed += 1;
      context.log.warn({ err: error, installation: installation.id }, 'sweep: could not list the repositories of an installation');
      continue;
    }
    const accountContract = new Map<string, Promise<boolean | null>>();
    for (const repository of repositories) {
      report.repositories += 1;
      if (repository.archived) continue;
      const repo: RepoRef = { owner: repository.owner.login, repo: repository.name };
      const where = `${repo.owner}/${repo.repo}`;
      let own = await hasContract(github, repo, request, repository.default_branch);
      if (own === false) {
        // Asked once per account, and only for an account with a repository lacking its own contract.
        const inherited = accountContract.get(repo.owner) ?? hasContract(github, { owner: repo.owner, repo: '.github' }, request);
        accountContract.set(repo.owner, inherited);
        own = await inherited;
      }
      if (own === null) {
        report.failed += 1;
        context.log.warn({ repository: where }, 'sweep: could not tell whether the repository has a contract');
        continue;
      }
      if (!own) continue;
      report.withContract += 1;
      try {
        const pulls = await everyPage(github.paginate.iterator(github.rest.pulls.list, { ...repo, state: 'open', per_page: 100 }), report);
        for (const pull of pulls) {
          await context.enqueue({ installationId: installation.id, ref: { ...repo, number: pull.number }, deliveryId: `sweep-${startedAt}`, event: SWEEP_EVENT, receivedAt: context.now().toISOString() });
          report.pulls += 1;
        }
      } catch (error) {
        report.failed += 1;
        context.log.warn({ err: error, repository: where }, 'sweep: could not list the open pull requests');
      }
    }
  }
  return report;
}

/**
 * Whether the contract file exists (true), does not (false), or GitHub could
 * not say (null). Existence is enough: the evaluation loads and judges it,
 * `_extends` included. Asked on the default branch, where nearly every pull
 * request's base is; a contract only on another base is reached by events and
 * by the schedules its evaluations set.
 */
async function hasContract(github: GitHubClient, repo: RepoRef, request: <T>(sent: Promise<T>) => Promise<T>, ref?: string): Promise<boolean | null> {
  try {
    await request(github.rest.repos.getContent({ ...repo, path: CONTRACT_PATH, ...(ref ? { ref } : {}) }));
    return true;
  } catch (error) {
    return isNotFound(error) ? false : null;
  }
}

/** Every item of a paginated list, counting one request per page. */
async function everyPage<T>(pages: AsyncIterable<{ data: T[] }>, report: SweepReport): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) {
    report.requests += 1;
    items.push(...page.data);
  }
  return items;
}
