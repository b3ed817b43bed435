/**
 * What should happen to a pull request's gap issues (SPEC §3.3), decided
 * without GitHub: verdict, contract and publication state in, the intended
 * writes out. gap-issues.ts carries them out. Three decisions need GitHub's
 * answer and are written down here as the rule the applier follows: who can be
 * assigned (gapIssueOwners), what to do when a known issue no longer exists
 * (each step says), and whether an unknown gap already has an issue (a `file`
 * step adopts the app's own issue with the gap's hidden key before creating one).
 */
import type { Contract } from '../contract/schema.js';
import { isGap, type EvidenceResult, type Verdict } from '../evaluate/verdict.js';
import { isBotLogin } from '../github/actors.js';
import type { RepoRef } from '../github/client.js';
import { branchGapIssueKey, gapIssueKey } from '../github/markers.js';
import { renderGapClosed, renderGapReopened, type GapClosure, type GapIssueContent, type GapSubject } from '../render/gap-issue.js';
import type { GapIssueRecord, PublicationState } from './publication-state.js';

/** What the plan reads of a verdict: a pull request's, or the default branch's (always "in scope"). */
export type GapVerdict = Pick<Verdict, 'inScope' | 'evidence' | 'headSha'>;

/**
 * The gaps of one subject (render/gap-issue.ts GapSubject): a pull request
 * (`pull`), or the default branch of the dashboard (`branch`). Both are
 * planned and applied by the same rules; only keys and texts differ.
 */
export type GapIssueFacts = PullGapFacts | BranchGapFacts;

export interface PullGapFacts extends CommonGapFacts {
  pull: { number: number; state: 'open' | 'closed'; merged: boolean; author: string };
  /** Null when the pull request is closed: then every open gap issue is closed. */
  verdict: GapVerdict | null;
}

export interface BranchGapFacts extends CommonGapFacts {
  /** The default branch's name. */
  branch: string;
  verdict: GapVerdict;
}

interface CommonGapFacts {
  repo: RepoRef;
  /** Null is allowed with a null verdict: closing issues needs no contract, so a closed pull request need not load one. */
  contract: Contract | null;
  state: PublicationState;
  /**
   * The contract's `gaps` block sets `issues: true` itself. The parsed contract
   * cannot tell (the schema fills in the default), and an advisory contract
   * files issues only when it asks for them.
   */
  gapsExplicit: boolean;
}

/** An open issue whose gap went away: comment why, then close. An issue that no longer exists is forgotten. */
export interface CloseGapIssue {
  id: string;
  number: number;
  comment: string;
  /** `completed` when the evidence is met or the pull request merged; `not_planned` otherwise. */
  reason: 'completed' | 'not_planned';
}

/** An issue to file for a gap, short of who is assigned: that needs GitHub (see gapIssueOwners). */
export interface GapIssueDraft {
  /** The hidden line that finds the issue again; the body's last line. */
  key: string;
  content: Omit<GapIssueContent, 'mentioned'>;
  /** Said when an issue of this gap is re-opened. */
  reopenComment: string;
}

export type GapIssueStep =
  /** The gap's issue stays as it is (open, or closed while filing is off): only linked. */
  | { kind: 'keep'; id: string; record: GapIssueRecord }
  /** The gap's issue was closed: re-open it and say what is missing again; if it no longer exists, file a new one. */
  | { kind: 'reopen'; id: string; number: number; draft: GapIssueDraft }
  /**
   * No issue is known for the gap: adopt the app's own issue carrying the
   * draft's key (re-opened if closed; forgotten if it vanished meanwhile), else
   * file the draft.
   */
  | { kind: 'file'; id: string; draft: GapIssueDraft };

export interface GapIssuePlan {
  /** Issues to close, in evidence-id order; carried out before any step. */
  close: CloseGapIssue[];
  /** One step per current gap that has or gets an issue, in the verdict's order. */
  steps: GapIssueStep[];
  /** Labels every filed issue carries (`gaps.labels`). */
  labels: string[];
}

/** GitHub keeps at most this many assignees on an issue. */
export const MAX_ASSIGNEES = 10;

function subjectOf(facts: GapIssueFacts): GapSubject {
  return 'pull' in facts ? { kind: 'pull', number: facts.pull.number } : { kind: 'branch', branch: facts.branch };
}

function keyOf(facts: GapIssueFacts, evidenceId: string): string {
  return 'pull' in facts ? gapIssueKey(facts.repo, facts.pull.number, evidenceId) : branchGapIssueKey(facts.repo, facts.branch, evidenceId);
}

/** Whether the contract has gap issues filed: on by default, but an advisory contract must ask for them. */
export function filesGapIssues(contract: Contract, gapsExplicit: boolean): boolean {
  return contract.gaps.issues && (contract.enforcement !== 'advisory' || gapsExplicit);
}

export function planGapIssues(facts: GapIssueFacts): GapIssuePlan {
  const { contract } = facts;
  const subject = subjectOf(facts);
  // A pull request that is closed is judged no more; a branch always is.
  const judged = 'pull' in facts && facts.pull.state !== 'open' ? null : facts.verdict;
  const merged = 'pull' in facts && facts.pull.merged;
  const gaps = new Map<string, EvidenceResult>();
  if (judged?.inScope) {
    for (const item of judged.evidence) if (isGap(item.status) && !gaps.has(item.id)) gaps.set(item.id, item);
  }
  const records = facts.state.gapIssues;

  const close: CloseGapIssue[] = [];
  for (const id of Object.keys(records).sort()) {
    const record = records[id];
    if (!record || record.state !== 'open' || gaps.has(id)) continue;
    const closure = closureOf(id, judged, merged);
    const done = closure.kind === 'met' || closure.kind === 'merged';
    close.push({ id, number: record.number, comment: renderGapClosed(closure, subject), reason: done ? 'completed' : 'not_planned' });
  }

  // The contract to file under; null when nothing may be filed (then known issues are only linked).
  const filing = contract !== null && filesGapIssues(contract, facts.gapsExplicit) ? contract : null;
  const steps: GapIssueStep[] = [];
  for (const [id, gap] of gaps) {
    const record = records[id];
    if (record && (record.state === 'open' || !filing)) steps.push({ kind: 'keep', id, record: { number: record.number, state: record.state } });
    else if (filing) {
      const draft = draftOf(facts, filing, gap, judged?.headSha ?? '');
      steps.push(record ? { kind: 'reopen', id, number: record.number, draft } : { kind: 'file', id, draft });
    }
  }
  return { close, steps, labels: filing?.gaps.labels ?? [] };
}

/** Why the gap of an open issue went away. */
function closureOf(id: string, verdict: GapVerdict | null, merged: boolean): GapClosure {
  if (!verdict) return { kind: merged ? 'merged' : 'closed' };
  if (!verdict.inScope) return { kind: 'out-of-scope' };
  const item = verdict.evidence.find((candidate) => candidate.id === id);
  if (!item) return { kind: 'removed' };
  if (item.status === 'met') return { kind: 'met', headSha: verdict.headSha };
  if (item.status === 'waived') return { kind: 'waived', expiresAt: item.waiver?.expiresAt, reason: item.waiver?.reason };
  if (item.status === 'warning') return { kind: 'not-enforced', enforceFrom: item.enforceFrom };
  return { kind: 'not-applicable' };
}

function draftOf(facts: GapIssueFacts, contract: Contract, gap: EvidenceResult, headSha: string): GapIssueDraft {
  const subject = subjectOf(facts);
  const key = keyOf(facts, gap.id);
  return {
    key,
    content: {
      evidence: gap,
      requirement: contract.evidence.find((item) => item.id === gap.id),
      waivers: contract.waivers,
      subject,
      ownerRole: gap.owner,
      ownerMembers: contract.roles[gap.owner] ?? [],
      hiddenKey: key,
    },
    reopenComment: renderGapReopened(gap, subject, headSha),
  };
}

export type GapIssueOwners =
  /** GitHub must first say whether this login can be assigned. */
  | { ask: string }
  | { assignees: string[]; mentioned: string[] };

/**
 * Who of the owner role is assigned and who is mentioned, given what GitHub
 * said so far (`assignable`: lower-case login → whether it can be assigned).
 * Only a collaborator can be assigned (anyone else would make GitHub refuse the
 * whole issue), so a user is asked about in turn until GitHub's limit of
 * assignees is reached; users who cannot be, or come after the limit, and
 * teams (never assignable) are mentioned, teams last; bots are neither.
 */
export function gapIssueOwners(members: readonly string[], assignable: ReadonlyMap<string, boolean>): GapIssueOwners {
  const assignees: string[] = [];
  const mentioned: string[] = [];
  for (const member of members) {
    if (member.includes('/')) {
      mentioned.push(member);
      continue;
    }
    const login = member.slice(1);
    if (isBotLogin(login)) continue;
    if (assignees.length >= MAX_ASSIGNEES) {
      mentioned.push(member);
      continue;
    }
    const answer = assignable.get(login.toLowerCase());
    if (answer === undefined) return { ask: login };
    if (answer) assignees.push(login);
    else mentioned.push(member);
  }
  // Teams after users, so the people GitHub could not assign are named first.
  mentioned.sort((a, b) => Number(a.includes('/')) - Number(b.includes('/')));
  return { assignees, mentioned };
}
