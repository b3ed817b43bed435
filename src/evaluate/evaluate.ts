/**
 * Judges a pull request against a compiled contract: (contract, snapshot, now)
 * → verdict, with no I/O and no clock of its own, so the same inputs always
 * give the same verdict. It never throws: whatever goes wrong becomes a failing
 * verdict that says so, because a broken evaluation must never pass the gate.
 */
import type { PullRequestFacts, Snapshot } from '../facts/snapshot.js';
import { describeWhen, judgeWhen } from './applicability.js';
import type { PullRequestTriggers } from './applicability.js';
import type { CompiledContract, CompiledEvidence } from './compile.js';
import { judgeConversation } from './conversation.js';
import type { RoleRequirement } from './conversation.js';
import { findEvidenceProblems } from './evidence-problems.js';
import type { EvidenceContext } from './evidence-problems.js';
import { nextChangeAt } from './next-change.js';
import { judgeProposedContract, proposedContractErrors, proposesContract } from './proposed-contract.js';
import { changesInScope } from './scope.js';
import { notApplicableSignoff, planSignoffs } from './signoff-plan.js';
import { readChanges, readProposedContract } from './snapshot-view.js';
import type { ChangeSet } from './snapshot-view.js';
import { warningWindow } from './time-rules.js';
import type {
  AreaResult,
  AreaStatus,
  Conclusion,
  Counts,
  EvidenceResult,
  EvidenceStatus,
  Note,
  SignoffResult,
  Verdict,
  WaiverRecord,
} from './verdict.js';
import { isGap } from './verdict.js';

const AREA_RANK: Record<Exclude<AreaStatus, 'not_applicable'>, number> = { pass: 0, waived: 1, warning: 2, gap: 3 };

function isoDay(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? iso;
}

function evidenceBase(item: CompiledEvidence): Omit<EvidenceResult, 'status' | 'problems' | 'trigger'> {
  const r = item.requirement;
  const base: Omit<EvidenceResult, 'status' | 'problems' | 'trigger'> = { id: r.id, title: r.title, area: r.area, owner: r.owner };
  if (r.file !== undefined) base.file = r.file;
  if (r.enforce_from !== undefined) base.enforceFrom = r.enforce_from;
  return base;
}

export function notApplicableEvidence(item: CompiledEvidence): EvidenceResult {
  return { ...evidenceBase(item), status: 'not_applicable', problems: [], trigger: describeWhen(item.when) };
}

function judgeEvidence(
  item: CompiledEvidence,
  context: EvidenceContext,
  waivers: ReadonlyMap<string, WaiverRecord>,
): EvidenceResult {
  const applicability = judgeWhen(item.when, context.triggers);
  if (!applicability.applies) return notApplicableEvidence(item);
  return judgeApplicableEvidence(item, context, waivers.get(item.requirement.id), applicability.trigger);
}

/**
 * The status of an item that applies: its problems, then its waiver and its
 * `enforce_from`. Exported so the default branch's dashboard (branch-head.ts)
 * judges evidence by this one rule rather than a copy of it.
 */
export function judgeApplicableEvidence(
  item: CompiledEvidence,
  context: EvidenceContext,
  waiver: WaiverRecord | undefined,
  trigger: string,
): EvidenceResult {
  const problems = findEvidenceProblems(item, context);
  let status: EvidenceStatus = 'met';
  if (problems.length > 0) {
    if (waiver && !waiver.expired) status = 'waived';
    else {
      if (waiver) problems.push({ message: `the waiver expired on ${isoDay(waiver.expiresAt)}` });
      status = warningWindow(item.requirement.enforce_from, context.now).holds ? 'warning' : 'missing';
    }
  }
  const result: EvidenceResult = { ...evidenceBase(item), status, problems, trigger };
  if (waiver) result.waiver = waiver;
  return result;
}

function unjudgedSignoff(compiled: CompiledContract, requirement: RoleRequirement): SignoffResult {
  return {
    role: requirement.role,
    required: requirement.required,
    status: 'missing',
    eligible: [...(compiled.contract.roles[requirement.role] ?? [])],
    signers: [],
    staleSigners: [],
    trigger: requirement.trigger,
    reasons: ['its sign-offs could not be judged'],
  };
}

function areaStatus(status: Exclude<EvidenceStatus, 'not_applicable'>): Exclude<AreaStatus, 'not_applicable'> {
  if (status === 'met') return 'pass';
  if (status === 'waived' || status === 'warning') return status;
  return 'gap';
}

function groupAreas(evidence: readonly EvidenceResult[]): AreaResult[] {
  const areas = new Map<string, AreaResult>();
  for (const item of evidence) {
    if (item.status === 'not_applicable') continue;
    const status = areaStatus(item.status);
    const area = areas.get(item.area);
    if (!area) {
      areas.set(item.area, { name: item.area, status, evidenceIds: [item.id] });
      continue;
    }
    area.evidenceIds.push(item.id);
    if (area.status !== 'not_applicable' && AREA_RANK[status] > AREA_RANK[area.status]) area.status = status;
  }
  return [...areas.values()];
}

function countResults(signoffs: readonly SignoffResult[], evidence: readonly EvidenceResult[]): Counts {
  const applicableSignoffs = signoffs.filter((s) => s.status !== 'not_applicable');
  const applicableEvidence = evidence.filter((e) => e.status !== 'not_applicable');
  return {
    signoffs: { met: applicableSignoffs.filter((s) => s.status === 'met').length, required: applicableSignoffs.length },
    evidence: { met: applicableEvidence.filter((e) => e.status === 'met').length, required: applicableEvidence.length },
    waived: applicableEvidence.filter((e) => e.status === 'waived').length,
    warnings: applicableEvidence.filter((e) => e.status === 'warning').length,
  };
}

function conclude(compiled: CompiledContract, signoffs: readonly SignoffResult[], evidence: readonly EvidenceResult[]): Conclusion {
  const signoffGap = signoffs.some((s) => isGap(s.status));
  const evidenceGap = evidence.some((e) => isGap(e.status));
  if (compiled.problems.length > 0) return 'failure';
  if (!signoffGap && !evidenceGap) return 'success';
  return compiled.contract.enforcement === 'advisory' ? 'neutral' : 'failure';
}

function judgeInScope(
  compiled: CompiledContract,
  snapshot: Snapshot,
  now: Date,
  changes: ChangeSet,
): Pick<Verdict, 'signoffs' | 'evidence' | 'commands'> {
  const triggers: PullRequestTriggers = {
    triggered: compiled.triggers.matchedBy(changes.paths),
    labels: new Set(snapshot.pull.labels),
    incomplete: changes.incomplete,
  };
  const rows = planSignoffs(compiled, triggers, changes);
  const requirements = rows.flatMap((row) => (row.applies ? [row.requirement] : []));
  const judgement = judgeConversation(compiled.contract, snapshot, requirements, now);
  let judged = 0;
  const signoffs = rows.map((row) => {
    if (!row.applies) return row.result;
    const result = judgement.signoffs[judged];
    judged += 1;
    return result ?? unjudgedSignoff(compiled, row.requirement);
  });
  const context: EvidenceContext = {
    snapshot,
    changes,
    triggers,
    now,
    parsed: { sections: new Map(), documents: new Map() },
  };
  const evidence = compiled.evidence.map((item) => judgeEvidence(item, context, judgement.waivers));
  return { signoffs, evidence, commands: judgement.commands };
}

function contractProblemNotes(compiled: CompiledContract): Note[] {
  return compiled.problems.map((problem) => ({ kind: 'contract-problem', problem }));
}

/** Out of scope every requirement is not applicable, whatever the facts; only the pull request itself is read. */
function outOfScopeOrThrow(compiled: CompiledContract, pull: PullRequestFacts, now: Date): Verdict {
  const reason = 'the pull request changes no file in the contract scope';
  const signoffs = compiled.signoffs.map((signoff) => notApplicableSignoff(compiled, signoff, reason));
  const evidence = compiled.evidence.map(notApplicableEvidence);
  return {
    inScope: false,
    conclusion: compiled.problems.length > 0 ? 'failure' : 'success',
    enforcement: compiled.contract.enforcement,
    counts: countResults(signoffs, evidence),
    signoffs,
    evidence,
    areas: groupAreas(evidence),
    commands: [],
    notes: contractProblemNotes(compiled),
    // A change to the contract is always in scope (scope.ts).
    contractChanged: false,
    headSha: pull.headSha,
    evaluatedAt: now.toISOString(),
    // Out of scope, every requirement is not applicable whatever the time.
    nextChangeAt: null,
  };
}

function evaluateOrThrow(compiled: CompiledContract, snapshot: Snapshot, now: Date): Verdict {
  const changes = readChanges(snapshot);
  if (!changesInScope(compiled, changes)) {
    // Commands are still answered, so that someone who signs off here learns it is not needed.
    return { ...outOfScopeOrThrow(compiled, snapshot.pull, now), commands: judgeConversation(compiled.contract, snapshot, [], now).commands };
  }
  const notes: Note[] = [];
  if (changes.incomplete) notes.push({ kind: 'incomplete-file-list' });
  notes.push(...contractProblemNotes(compiled));
  const judged = judgeInScope(compiled, snapshot, now, changes);
  const verdict: Verdict = {
    inScope: true,
    conclusion: conclude(compiled, judged.signoffs, judged.evidence),
    enforcement: compiled.contract.enforcement,
    counts: countResults(judged.signoffs, judged.evidence),
    signoffs: judged.signoffs,
    evidence: judged.evidence,
    areas: groupAreas(judged.evidence),
    commands: judged.commands,
    notes,
    contractChanged: changes.contractChanged,
    headSha: snapshot.pull.headSha,
    evaluatedAt: now.toISOString(),
    nextChangeAt: nextChangeAt(compiled, snapshot, { inScope: true, ...judged }, now),
  };
  if (!proposesContract(snapshot.changedFiles)) return verdict;
  return judgeProposedContract(verdict, proposedContractErrors(readProposedContract(snapshot)));
}

/** The verdict when evaluation itself failed: in scope, failing, and saying why. */
function failedEvaluation(compiled: CompiledContract, pull: PullRequestFacts, now: Date, error: unknown): Verdict {
  const valid = now instanceof Date && Number.isFinite(now.getTime());
  return {
    inScope: true,
    conclusion: 'failure',
    enforcement: compiled.contract.enforcement === 'advisory' ? 'advisory' : 'blocking',
    counts: { signoffs: { met: 0, required: 0 }, evidence: { met: 0, required: 0 }, waived: 0, warnings: 0 },
    signoffs: [],
    evidence: [],
    areas: [],
    commands: [],
    notes: [{ kind: 'evaluation-failed', message: error instanceof Error ? error.message : String(error) }],
    contractChanged: false,
    headSha: pull.headSha,
    evaluatedAt: valid ? now.toISOString() : '',
    // Time cannot repair a failed evaluation; the next event evaluates afresh.
    nextChangeAt: null,
  };
}

export function evaluate(compiled: CompiledContract, snapshot: Snapshot, now: Date): Verdict {
  try {
    return evaluateOrThrow(compiled, snapshot, now);
  } catch (error) {
    return failedEvaluation(compiled, snapshot.pull, now, error);
  }
}

/**
 * The verdict on a pull request that judgeScope puts out of scope, which needs
 * no fact beyond the pull request: the app publishes it before gathering
 * anything. It is evaluate()'s own out-of-scope verdict, less the answers to
 * commands, which need the conversation.
 */
export function outOfScopeVerdict(compiled: CompiledContract, pull: PullRequestFacts, now: Date): Verdict {
  try {
    return outOfScopeOrThrow(compiled, pull, now);
  } catch (error) {
    return failedEvaluation(compiled, pull, now, error);
  }
}
