/**
 * The judging steps of one pull request, read-only: load the contract from the
 * base → list the files at the head → judge scope → complete a cut file list →
 * refuse a head shared by several pull requests → gather the facts → evaluate.
 * The app's evaluation (evaluate-pull.ts) and the details page
 * (web/read-verdict.ts) both call these, so a page can never show a verdict
 * the check would not give (a shared head included). Nothing here writes to
 * GitHub: each step returns what it found, and only the app publishes it.
 *
 * Two functions, because the app publishes an out-of-scope verdict (and
 * re-fetches a delivered pull request) between the first look and the rest.
 */
import { compileContract, type CompiledContract } from '../evaluate/compile.js';
import { evaluate, outOfScopeVerdict } from '../evaluate/evaluate.js';
import { judgeScope } from '../evaluate/scope.js';
import type { Verdict } from '../evaluate/verdict.js';
import type { ContractError } from '../contract/parse.js';
import type { Contract } from '../contract/schema.js';
import { gatherSnapshot } from '../facts/github/gather.js';
import { loadContract, type ContractLoad } from '../facts/github/load-contract.js';
import { listChangedFilesAt, pullFacts, type ChangedFiles } from '../facts/github/pull.js';
import type { ConversationEntry, Snapshot } from '../facts/snapshot.js';
import type { GitHubClient, PullRef, RepoRef } from '../github/client.js';
import type { HeadPeriod } from '../github/head-clock.js';
import type { GitHubPull } from '../github/pull-object.js';
import { listedFilesOfHead } from './judged-files.js';
import { pullsSharingHead } from './shared-head.js';

export type LoadedContract = ContractLoad & { kind: 'loaded' };

/** What the contract and the files at the head say before any fact is gathered. */
export type FirstLook =
  | { kind: 'no-contract' }
  | { kind: 'contract-unavailable'; message: string }
  | { kind: 'contract-errors'; load: LoadedContract; errors: ContractError[] }
  | { kind: 'out-of-scope'; load: LoadedContract; compiled: CompiledContract; verdict: Verdict }
  | { kind: 'in-scope'; load: LoadedContract; contract: Contract; compiled: CompiledContract; changed: ChangedFiles };

/** The rest: out of scope after all (on the full file list), refused for a shared head, or judged. */
export type Judgement =
  | { kind: 'out-of-scope'; verdict: Verdict }
  | { kind: 'shared-head'; pulls: number[] }
  | { kind: 'judged'; verdict: Verdict; snapshot: Snapshot };

/** The app's own record of the pull request's heads, which pins plain-comment sign-offs (read from its checklist comment). */
export type HeadClock = (conversation: readonly ConversationEntry[]) => HeadPeriod[];

export async function firstLook(github: GitHubClient, repo: RepoRef, pull: GitHubPull, now: Date, loaded?: ContractLoad): Promise<FirstLook> {
  const load = loaded ?? (await loadContract(github, repo, pull.base.ref));
  if (load.kind === 'none') return { kind: 'no-contract' };
  if (load.kind === 'unavailable') return { kind: 'contract-unavailable', message: load.message };
  if (!load.result.ok) return { kind: 'contract-errors', load, errors: load.result.errors };
  const contract = load.result.contract;
  const compiled = compileContract(contract);
  const changed = await listChangedFilesAt(github, repo, pull);
  if (!inScope(compiled, changed)) return { kind: 'out-of-scope', load, compiled, verdict: outOfScopeVerdict(compiled, pullFacts(pull), now) };
  return { kind: 'in-scope', load, contract, compiled, changed };
}

/**
 * From an in-scope first look to the verdict. `headClock` is asked for only
 * once the head is known not to be shared (the app reads its current check
 * there, and a refused head needs neither).
 */
export async function judgeInScope(
  github: GitHubClient,
  ref: PullRef,
  pull: GitHubPull,
  look: FirstLook & { kind: 'in-scope' },
  now: Date,
  headClock: () => Promise<HeadClock>,
): Promise<Judgement> {
  const repo = { owner: ref.owner, repo: ref.repo };
  let changed = look.changed;
  if (changed.truncated) {
    changed = await listedFilesOfHead(github, ref, pull, changed);
    if (!inScope(look.compiled, changed)) return { kind: 'out-of-scope', verdict: outOfScopeVerdict(look.compiled, pullFacts(pull), now) };
  }
  const sharing = await pullsSharingHead(github, repo, ref.number, pull);
  if (sharing.length > 1) return { kind: 'shared-head', pulls: sharing };
  const clock = await headClock();
  const snapshot = await gatherSnapshot(github, ref, pullFacts(pull), changed, look.contract, { headClock: clock });
  return { kind: 'judged', verdict: evaluate(look.compiled, snapshot, now), snapshot };
}

function inScope(compiled: CompiledContract, changed: ChangedFiles): boolean {
  return judgeScope(compiled, { changedFiles: changed.files, changedFilesTruncated: changed.truncated });
}
