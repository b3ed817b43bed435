/**
 * The verdict a details page shows, judged afresh and read-only: the same
 * steps as app/evaluate-pull.ts up to `evaluate` (contract from the base, files
 * at the head, scope, facts, the app's own head clock), and nothing after it.
 * This file writes nothing to GitHub: it calls only readers, so a page view can
 * never publish (a test asserts that a page view sends GETs alone).
 *
 * Why re-evaluate rather than parse the check's audit record back: the verdict
 * carries what the page must show (each requirement's reasons, problems with
 * lines) as data, the record is Markdown meant for people, and a page that
 * judges with the same code cannot drift from the check. The check's own
 * records are still read for the earlier evaluations (evaluation-history.ts).
 */
import type { ContractError } from '../contract/parse.js';
import { compileContract } from '../evaluate/compile.js';
import { evaluate, outOfScopeVerdict } from '../evaluate/evaluate.js';
import { judgeScope } from '../evaluate/scope.js';
import type { Verdict } from '../evaluate/verdict.js';
import { gatherSnapshot } from '../facts/github/gather.js';
import { loadContract } from '../facts/github/load-contract.js';
import { listChangedFilesAt, pullFacts } from '../facts/github/pull.js';
import type { ConversationEntry } from '../facts/snapshot.js';
import type { GitHubClient, PullRef } from '../github/client.js';
import { recordHead } from '../github/head-clock.js';
import type { GitHubPull } from '../github/pull-object.js';
import { listedFilesOfHead } from '../app/judged-files.js';
import { findOwnChecklist } from '../publish/checklist-comment.js';
import { readPublicationState } from '../publish/publication-state.js';
import { stateSeal } from '../publish/state-seal.js';

/** The pull request as the page describes it. */
export interface PullSummary {
  number: number;
  title: string;
  author: string;
  htmlUrl: string | null;
  state: 'open' | 'closed';
  merged: boolean;
  headSha: string;
  base: string;
  defaultBranch: string | null;
}

export type PageJudgement =
  | { kind: 'no-contract' }
  | { kind: 'contract-unavailable'; message: string }
  | { kind: 'contract-errors'; errors: ContractError[]; contract: ContractSource[] }
  | { kind: 'judged'; verdict: Verdict; contract: ContractSource[] };

export interface ContractSource {
  source: string;
  sha: string | null;
}

export interface ReadOnlyContext {
  github: GitHubClient;
  now: Date;
  appLogin: string;
  stateKey: Buffer;
}

export async function readPull(github: GitHubClient, ref: PullRef): Promise<{ raw: GitHubPull; summary: PullSummary }> {
  const { data } = await github.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number });
  const raw = data as unknown as GitHubPull & { title?: string; html_url?: string };
  return {
    raw,
    summary: {
      number: raw.number,
      title: raw.title ?? '',
      author: raw.user?.login ?? 'ghost',
      htmlUrl: raw.html_url ?? null,
      state: raw.state === 'closed' ? 'closed' : 'open',
      merged: Boolean(raw.merged ?? raw.merged_at),
      headSha: raw.head.sha,
      base: raw.base.ref,
      defaultBranch: raw.base.repo?.default_branch ?? null,
    },
  };
}

export async function judgeForPage(context: ReadOnlyContext, ref: PullRef, pull: GitHubPull): Promise<PageJudgement> {
  const { github, now } = context;
  const repo = { owner: ref.owner, repo: ref.repo };
  const load = await loadContract(github, repo, pull.base.ref);
  if (load.kind === 'none') return { kind: 'no-contract' };
  if (load.kind === 'unavailable') return { kind: 'contract-unavailable', message: load.message };
  const contractSources = load.files.map((file) => ({ source: file.source, sha: file.sha }));
  if (!load.result.ok) return { kind: 'contract-errors', errors: load.result.errors, contract: contractSources };
  const contract = load.result.contract;
  const compiled = compileContract(contract);

  let changed = await listChangedFilesAt(github, repo, pull);
  const inScope = (files: typeof changed) => judgeScope(compiled, { changedFiles: files.files, changedFilesTruncated: files.truncated });
  if (!inScope(changed)) return { kind: 'judged', verdict: outOfScopeVerdict(compiled, pullFacts(pull), now), contract: contractSources };
  if (changed.truncated) {
    changed = await listedFilesOfHead(github, ref, pull, changed);
    if (!inScope(changed)) return { kind: 'judged', verdict: outOfScopeVerdict(compiled, pullFacts(pull), now), contract: contractSources };
  }

  // The app's own signed record of the heads pins plain-comment sign-offs, exactly as in an evaluation.
  const seal = stateSeal(context.stateKey, ref);
  const headClock = (conversation: readonly ConversationEntry[]) =>
    recordHead(readPublicationState(findOwnChecklist(conversation, context.appLogin)?.body ?? null, seal).heads, pull.head.sha, now);
  const snapshot = await gatherSnapshot(github, ref, pullFacts(pull), changed, contract, { headClock });
  return { kind: 'judged', verdict: evaluate(compiled, snapshot, now), contract: contractSources };
}
