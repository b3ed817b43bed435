/**
 * Judges the default branch's head for the dashboard: is what is already
 * merged still ready? (contract, facts, now) → branch verdict, with no I/O and
 * no clock of its own, like evaluate.ts, whose evidence judgement it reuses.
 *
 * What can be judged on a branch head: an item's file, sections, fields
 * (`digest_of` too), checks on the head commit, and `max_age_days`. What
 * cannot: sign-offs, waivers and `changed_with` belong to a pull request's
 * conversation and changes, so they are left out (a branch has no change set,
 * so `changed_with` finds nothing to demand). `when` on a branch:
 * - no `when`: the item applies;
 * - `paths`: the item applies, since the branch holds every path that was ever
 *   merged and a path condition only says which changes must bring the evidence;
 * - `labels` alone: the item does not apply, because labels belong to pull
 *   requests and the branch has none (a label-only item is shown as not judged).
 */
import type { Contract } from '../contract/schema.js';
import type { Snapshot } from '../facts/snapshot.js';
import type { CompiledContract, CompiledEvidence } from './compile.js';
import { contractNeeds, type ContractNeeds } from './fact-needs.js';
import { judgeApplicableEvidence, notApplicableEvidence } from './evaluate.js';
import type { EvidenceContext } from './evidence-problems.js';
import { nextChangeAt } from './next-change.js';
import { readChanges, readEvidenceFile } from './snapshot-view.js';
import { ageWindow, type AgeState } from './time-rules.js';
import type { EvidenceResult } from './verdict.js';

/** What the gatherer read at the branch head: the parts of a pull request's snapshot a branch has. */
export type BranchFacts = Pick<Snapshot, 'evidence' | 'artifacts' | 'templates' | 'checks'> & {
  branch: string;
  headSha: string;
};

/** How an item's file stands against `max_age_days`, for "last changed 83 days ago; stale in 7 days". */
export interface Freshness {
  state: AgeState;
  maxAgeDays: number;
  /** ISO time of the file's last change; null when unknown. */
  lastChangedAt: string | null;
  /** Whole days since then; null when unknown. */
  ageDays: number | null;
  /** ISO time the file turns stale, while it is fresh; null otherwise. */
  staleAt: string | null;
}

export interface BranchVerdict {
  branch: string;
  headSha: string;
  /** ISO time of `now`. */
  evaluatedAt: string;
  /** One result per contract item, in contract order; label-only items are `not_applicable`. */
  evidence: EvidenceResult[];
  /** Evidence id → its file's freshness, for items with `max_age_days` whose file is present. */
  freshness: Record<string, Freshness>;
  /** The next instant at which time alone changes a status here (time-rules.ts via next-change.ts); null when none. */
  nextChangeAt: string | null;
}

/** Whether an item is judged on a branch (see the file comment), and the words for why. */
export function branchApplies(when: { paths?: unknown; labels?: unknown } | undefined): { applies: true; trigger: string } | { applies: false } {
  if (when?.labels !== undefined && when.paths === undefined) return { applies: false };
  return { applies: true, trigger: when?.paths !== undefined ? 'paths (always on the branch)' : 'always' };
}

/** The facts the branch judge reads: those of the items it judges, so a label-only item costs no request. */
export function branchContractNeeds(contract: Contract): ContractNeeds {
  return contractNeeds({ ...contract, evidence: contract.evidence.filter((item) => branchApplies(item.when).applies) });
}

/**
 * The evaluator reads facts through a pull request's snapshot; a branch head
 * is one with no pull request around it: no changed files, labels or
 * conversation, so nothing that belongs to a pull request can count.
 */
function branchSnapshot(facts: BranchFacts): Snapshot {
  return {
    pull: { number: 0, author: { login: '', type: 'User' }, headSha: facts.headSha, baseRef: facts.branch, labels: [], state: 'open', merged: false },
    changedFiles: [],
    changedFilesTruncated: false,
    evidence: facts.evidence,
    ...(facts.artifacts ? { artifacts: facts.artifacts } : {}),
    ...(facts.templates ? { templates: facts.templates } : {}),
    checks: facts.checks,
    conversation: [],
    teamMemberships: [],
    changesSince: [],
  };
}

function freshnessOf(item: CompiledEvidence, snapshot: Snapshot, now: Date): Freshness | null {
  const { file, max_age_days: maxAgeDays } = item.requirement;
  if (file === undefined || maxAgeDays === undefined) return null;
  const fact = readEvidenceFile(snapshot, file);
  if (fact.state !== 'present') return null;
  const age = ageWindow(fact.lastChangedAt, maxAgeDays, now);
  const known = age.state !== 'unknown';
  return {
    state: age.state,
    maxAgeDays,
    lastChangedAt: known ? new Date(age.changedAt).toISOString() : null,
    ageDays: known ? age.ageDays : null,
    staleAt: age.state === 'fresh' && age.changesAt !== null ? new Date(age.changesAt).toISOString() : null,
  };
}

export function evaluateBranch(compiled: CompiledContract, facts: BranchFacts, now: Date): BranchVerdict {
  const snapshot = branchSnapshot(facts);
  // Nothing changed and nothing triggered: `changed_with` has nothing to demand on a branch.
  const context: EvidenceContext = {
    snapshot,
    changes: readChanges(snapshot),
    triggers: { triggered: [], labels: new Set(), incomplete: false },
    now,
    parsed: { sections: new Map(), documents: new Map() },
  };
  const freshness: Record<string, Freshness> = {};
  const evidence = compiled.evidence.map((item) => {
    const applies = branchApplies(item.when);
    if (!applies.applies) return notApplicableEvidence(item);
    const fresh = freshnessOf(item, snapshot, now);
    if (fresh) freshness[item.requirement.id] = fresh;
    return judgeApplicableEvidence(item, context, undefined, applies.trigger);
  });
  return {
    branch: facts.branch,
    headSha: facts.headSha,
    evaluatedAt: now.toISOString(),
    evidence,
    freshness,
    // No sign-offs on a branch; the evidence results are in compiled order, as nextChangeAt expects.
    nextChangeAt: nextChangeAt(compiled, snapshot, { inScope: true, signoffs: [], evidence }, now),
  };
}
