/**
 * Which sign-offs a pull request needs, before the conversation is read: one
 * role requirement per applicable `signoffs` entry, and, when the pull request
 * changes the contract file, every role the contract defines (SPEC §1: changing
 * the rules is the riskiest change of all).
 */
import { CONTRACT_PATH } from '../contract/location.js';
import { describeWhen, INCOMPLETE_LIST_ASSUMPTION, judgeWhen } from './applicability.js';
import type { PullRequestTriggers } from './applicability.js';
import type { CompiledContract, CompiledSignoff } from './compile.js';
import type { RoleRequirement } from './conversation.js';
import type { ChangeSet } from './snapshot-view.js';
import type { SignoffResult } from './verdict.js';

/** One row of the verdict's sign-off table, in contract order. */
export type SignoffRow = { applies: true; requirement: RoleRequirement } | { applies: false; result: SignoffResult };

type Touches = RoleRequirement['touches'];

export function notApplicableSignoff(compiled: CompiledContract, signoff: CompiledSignoff, reason: string): SignoffResult {
  const role = signoff.requirement.role;
  return {
    role,
    required: signoff.requirement.count,
    status: 'not_applicable',
    eligible: [...(compiled.contract.roles[role] ?? [])],
    signers: [],
    staleSigners: [],
    trigger: describeWhen(signoff.when),
    reasons: [reason],
  };
}

type TouchesFor = (signoff: CompiledSignoff | undefined) => Touches;

/**
 * The scope tests of one evaluation's requirements: a signoff's `when.paths`,
 * or else the contract scope, shared by all that use it. Staleness asks about
 * the same files again and again, one at a time, so the tests remember answers.
 */
function scopeTests(compiled: CompiledContract): TouchesFor {
  let scope: Touches | undefined;
  return (signoff) => {
    const paths = signoff?.when?.paths;
    if (paths) {
      const matches = remembered(paths.set.matcher());
      return (files) => files.some(matches);
    }
    if (!scope) {
      const inScope = compiled.scope.matcher();
      const ignored = compiled.ignore.matcher();
      const inContract = remembered((file) => inScope(file) && !ignored(file));
      scope = (files) => files.some(inContract);
    }
    return scope;
  };
}

/** A path test that answers each path once: every signer of a requirement is judged against the same commits' files. */
function remembered(test: (path: string) => boolean): (path: string) => boolean {
  const answers = new Map<string, boolean>();
  return (path) => {
    let answer = answers.get(path);
    if (answer === undefined) {
      answer = test(path);
      answers.set(path, answer);
    }
    return answer;
  };
}

function alsoContract(touches: Touches): Touches {
  return (files) => files.includes(CONTRACT_PATH) || touches(files);
}

export function planSignoffs(compiled: CompiledContract, triggers: PullRequestTriggers, changes: ChangeSet): SignoffRow[] {
  const touchesFor = scopeTests(compiled);
  const rows: SignoffRow[] = compiled.signoffs.map((signoff): SignoffRow => {
    const applicability = judgeWhen(signoff.when, triggers);
    if (!applicability.applies) {
      return { applies: false, result: notApplicableSignoff(compiled, signoff, `does not apply: none of its conditions holds (${applicability.condition})`) };
    }
    const requirement: RoleRequirement = {
      role: signoff.requirement.role,
      required: signoff.requirement.count,
      trigger: applicability.trigger,
      touches: touchesFor(signoff),
    };
    return { applies: true, requirement };
  });
  // An unseen part of a cut file list may change the contract, so a cut list counts as a change.
  if (changes.contractChanged || changes.incomplete) {
    const trigger = changes.contractChanged ? 'contract change' : `contract change (${INCOMPLETE_LIST_ASSUMPTION})`;
    for (const role of Object.keys(compiled.contract.roles)) requireForContractChange(compiled, rows, role, trigger, touchesFor);
  }
  return rows;
}

function requireForContractChange(
  compiled: CompiledContract,
  rows: SignoffRow[],
  role: string,
  trigger: string,
  touchesFor: TouchesFor,
): void {
  const applicable = rows.find((row) => row.applies && row.requirement.role === role);
  if (applicable?.applies) {
    applicable.requirement.touches = alsoContract(applicable.requirement.touches);
    return;
  }
  const index = rows.findIndex((row) => !row.applies && row.result.role === role);
  const signoff = compiled.signoffs[index];
  const requirement: RoleRequirement = {
    role,
    required: Math.max(1, signoff?.requirement.count ?? 1),
    trigger,
    touches: alsoContract(touchesFor(signoff)),
  };
  if (index === -1) rows.push({ applies: true, requirement });
  else rows[index] = { applies: true, requirement };
}
