/**
 * The result of judging a pull request against a contract: plain data that the
 * renderer turns into the check run, the checklist and gap issues, and that the
 * CLI prints as JSON.
 */
import type { ContractError } from '../contract/contract-issue.js';

/**
 * A sign-off cannot be waived or deferred, so it has no `waived` or `warning`.
 * - `met`: enough members signed.
 * - `missing`: a gap (nobody, or too few, signed; or a member's review blocks it).
 * - `stale`: was met by a sign-off that later commits invalidated, or that expired (a gap).
 * - `not_applicable`: its `when` conditions do not hold for this pull request.
 */
export type SignoffStatus = 'met' | 'missing' | 'stale' | 'not_applicable';

/**
 * - `met`: holds.
 * - `missing`: a gap.
 * - `waived`: a gap covered by a valid waiver (not a gap).
 * - `warning`: a gap before the item's `enforce_from` date (not a gap).
 * - `not_applicable`: its `when` conditions do not hold for this pull request.
 */
export type EvidenceStatus = 'met' | 'missing' | 'waived' | 'warning' | 'not_applicable';

/** The one definition of a gap: what keeps a blocking contract from passing. */
export function isGap(status: SignoffStatus | EvidenceStatus): status is 'missing' | 'stale' {
  return status === 'missing' || status === 'stale';
}

export type Conclusion = 'success' | 'failure' | 'neutral';

/** Something wrong with a piece of evidence, located in its file where that is known. */
export interface Problem {
  message: string;
  file?: string;
  /** 1-based. */
  line?: number;
}

/** A sign-off that was given by a member of the role. */
export interface SignerRecord {
  login: string;
  role: string;
  /** The head commit at the time of the sign-off; null when unknown. */
  commitSha: string | null;
  /** ISO time the sign-off was given. */
  at: string;
  /** The conversation entry that carried it (`comment:123`, `review:456`, …). */
  entryKey: string;
  /** Set when the sign-off no longer counts because later commits changed files in the requirement's scope. */
  staleSince?: string;
  /** Set when `expires_after_days` has passed: the ISO time it expired. */
  expiredAt?: string;
}

export interface SignoffResult {
  role: string;
  /** Distinct members needed. */
  required: number;
  status: SignoffStatus;
  /** Who may sign, as written in the contract (`@alice`, `@acme/ml-leads`). */
  eligible: string[];
  /** Sign-offs that count. */
  signers: SignerRecord[];
  /** Sign-offs that no longer count (stale or expired), shown so people know what to redo. */
  staleSigners: SignerRecord[];
  /** A role member's "changes requested" review that blocks this role. */
  blockedBy?: { login: string; entryKey: string; at: string };
  /** Why it applies: `always`, `paths: serving/**`, `label: impact:high`, `contract change`. */
  trigger: string;
  /** Plain-language explanations of the status. */
  reasons: string[];
}

export interface WaiverRecord {
  evidenceId: string;
  approver: string;
  reason: string;
  days: number;
  grantedAt: string;
  expiresAt: string;
  expired: boolean;
  entryKey: string;
}

export interface EvidenceResult {
  id: string;
  title: string;
  area: string;
  /** The owner role. */
  owner: string;
  status: EvidenceStatus;
  /** What is missing; empty when met. Kept even when waived or a warning, so people see what to fix. */
  problems: Problem[];
  /** The evidence file, when the item names one. */
  file?: string;
  waiver?: WaiverRecord;
  /** YYYY-MM-DD, when the item has one. */
  enforceFrom?: string;
  trigger: string;
}

export type AreaStatus = 'pass' | 'gap' | 'waived' | 'warning' | 'not_applicable';

export interface AreaResult {
  name: string;
  /** The worst status of its items (gap > warning > waived > pass). */
  status: AreaStatus;
  evidenceIds: string[];
}

/** A command found in the conversation, and what the evaluator made of it: accepted, or refused with its reason. */
export type CommandOutcome = CommandSource & ({ accepted: true } | { accepted: false; /** Why, in words fit for a reply. */ reason: string });

export type RefusedCommand = Extract<CommandOutcome, { accepted: false }>;

interface CommandSource {
  entryKey: string;
  author: string;
  /** The command line as written (trimmed). */
  text: string;
}

/**
 * Something the reader must know about how the verdict was reached, as facts;
 * render/ words it.
 * - `incomplete-file-list`: GitHub listed only part of the changed files, so
 *   everything is treated as in scope and every path condition as met.
 * - `contract-problem`: the contract could not be fully compiled (the check fails).
 * - `evaluation-failed`: the evaluation itself threw (the check fails).
 * - `proposed-contract`: the pull request proposes a new contract; its errors, if any.
 */
export type Note =
  | { kind: 'incomplete-file-list' }
  | { kind: 'contract-problem'; problem: string }
  | { kind: 'evaluation-failed'; message: string }
  | { kind: 'proposed-contract'; errors: ContractError[] };

export interface Counts {
  signoffs: { met: number; required: number };
  evidence: { met: number; required: number };
  waived: number;
  warnings: number;
}

export interface Verdict {
  inScope: boolean;
  conclusion: Conclusion;
  enforcement: 'blocking' | 'advisory';
  counts: Counts;
  /** Every sign-off requirement, including those that do not apply (status `not_applicable`). */
  signoffs: SignoffResult[];
  /** Every evidence requirement, including those that do not apply. */
  evidence: EvidenceResult[];
  /** Applicable evidence grouped by area, in contract order. */
  areas: AreaResult[];
  commands: CommandOutcome[];
  /** Things the reader must know about how the verdict was reached (e.g. a cut file list). */
  notes: Note[];
  /** The pull request changes the contract file itself. */
  contractChanged: boolean;
  headSha: string;
  /** ISO time the evaluation was made at (the `now` passed in). */
  evaluatedAt: string;
  /**
   * ISO time: the earliest instant after `evaluatedAt` at which the same facts would give a
   * different conclusion or status (a waiver or sign-off expires, a file turns stale, an
   * `enforce_from` day arrives); null when time alone cannot change this verdict.
   */
  nextChangeAt: string | null;
}
