/**
 * The next instant at which time alone would change a verdict: the earliest
 * instant strictly after `now` at which the same contract and snapshot give a
 * different conclusion or a different status for some requirement, or null
 * when no time rule can change them. The app schedules a re-evaluation for it.
 *
 * It is read off the verdict just reached, through the same time rules the
 * verdict used (time-rules.ts), counting only an instant that flips a status
 * with every other fact as it is now:
 * - a sign-off requirement that is met stops being met when so many of its
 *   counting sign-offs have expired that fewer than `count` remain; one that is
 *   not met cannot become met by time (sign-offs only expire);
 * - a waived item becomes a gap (or a warning) when its waiver expires; a waiver
 *   on an item with no problem, or one that has expired, changes nothing;
 * - a warning becomes a gap on its `enforce_from` day;
 * - an item whose only possible problem is its file's age flips when the file
 *   turns stale, or when a date beyond the allowed clock skew is reached.
 * Several of these can fall on one instant, and each later one is found when
 * the app evaluates again at the earlier: an instant too early only costs an
 * evaluation, a missed one would leave a wrong check standing, so where in
 * doubt an instant is kept.
 *
 * Scope, applicability, checks, contents and the conversation do not depend on
 * the time, so nothing else can flip.
 */
import type { Contract } from '../contract/schema.js';
import type { Snapshot } from '../facts/snapshot.js';
import type { CompiledContract, CompiledEvidence } from './compile.js';
import { readEvidenceFile } from './snapshot-view.js';
import { ageWindow, signoffWindow, waiverWindow, warningWindow } from './time-rules.js';
import type { EvidenceResult, SignoffResult, Verdict } from './verdict.js';

/** The last instant a Date can hold: a date the author made up must not make toISOString throw. */
const LATEST_DATE_MS = 8.64e15;

export type JudgedRequirements = Pick<Verdict, 'inScope' | 'signoffs' | 'evidence'>;

export function nextChangeAt(compiled: CompiledContract, snapshot: Snapshot, judged: JudgedRequirements, now: Date): string | null {
  // Out of scope, every requirement is not applicable whatever the time.
  if (!judged.inScope) return null;
  const policy = compiled.contract.signoff_policy;
  const instants = [
    ...judged.signoffs.map((result) => signoffChange(result, policy, now)),
    // evaluate.ts judges compiled.evidence in order, one result per item.
    ...judged.evidence.map((result, index) => evidenceChanges(result, compiled.evidence[index], snapshot, now)).flat(),
  ].filter((instant): instant is number => instant !== null && instant > now.getTime() && instant <= LATEST_DATE_MS);
  return instants.length === 0 ? null : new Date(Math.min(...instants)).toISOString();
}

function signoffChange(result: SignoffResult, policy: Contract['signoff_policy'], now: Date): number | null {
  const days = policy.expires_after_days;
  if (result.status !== 'met' || days === undefined) return null;
  const expiries = result.signers
    .map((signer) => signoffWindow(signer.at, days, now).changesAt)
    .filter((instant): instant is number => instant !== null)
    .sort((a, b) => a - b);
  // Fewer than `required` still count once the (n - required + 1)-th earliest has expired.
  return expiries[expiries.length - result.required] ?? null;
}

function evidenceChanges(result: EvidenceResult, item: CompiledEvidence | undefined, snapshot: Snapshot, now: Date): (number | null)[] {
  if (result.status === 'not_applicable') return [];
  const instants: (number | null)[] = [];
  if (result.status === 'waived' && result.waiver) instants.push(waiverWindow(Date.parse(result.waiver.expiresAt), now).changesAt);
  if (result.status === 'warning') instants.push(warningWindow(item?.requirement.enforce_from, now).changesAt);
  if (item) instants.push(ageChange(result, item, snapshot, now));
  return instants;
}

/**
 * When the file's age flips the item: only while nothing else is wrong with it,
 * since a status depends on whether the item has any problem at all. The age
 * adds at most one problem (evidence-problems.ts), and evaluate.ts adds one
 * saying an expired waiver expired, only to an item that already has one.
 */
function ageChange(result: EvidenceResult, item: CompiledEvidence, snapshot: Snapshot, now: Date): number | null {
  const { file, max_age_days: maxAgeDays } = item.requirement;
  if (file === undefined || maxAgeDays === undefined) return null;
  const fact = readEvidenceFile(snapshot, file);
  if (fact.state !== 'present') return null;
  const age = ageWindow(fact.lastChangedAt, maxAgeDays, now);
  if (age.changesAt === null) return null;
  const count = result.problems.length;
  const waiverNote = result.waiver?.expired === true && count > 0 ? 1 : 0;
  const others = count - waiverNote - (age.state === 'fresh' ? 0 : 1);
  return others <= 0 ? age.changesAt : null;
}
