/**
 * Which facts an evaluation needs, said once, from the judge's own rules, so
 * that the facts layer (facts/github/gather.ts, the CLI) only fulfils them.
 *
 * - `contractNeeds`: what the contract names (evidence files, artifacts,
 *   templates, checks). Every evidence file is listed whatever its `when`:
 *   deciding what applies is the evaluator's job.
 * - `proposedContractNeed`: the head's own contract file, when the judge reads
 *   it (the pull request proposes a contract).
 * - what the conversation makes necessary, in the order the gatherer learns
 *   it, each step reading only what earlier steps filled in:
 *   1. `historyNeeds` on the conversation as REST lists it: the entries whose
 *      edit state the judge reads, and whether it reads dismissed reviews'
 *      earlier states (GraphQL);
 *   2. `pinNeeds`, once that history is in: the plain comments whose sign-off
 *      may be recorded, which need the head they were written at;
 *   3. `conversationNeeds`, once pinned: the (team, login) memberships and
 *      the comparisons of sign-off commits with the head the judge may read.
 *
 * Each need is derived from the predicates the judge applies
 * (conversation-rules.ts, conversation-people.ts, signoff-roles.ts), so it
 * can only be wider than what the judge reads, never narrower: it does not
 * know memberships yet, so it asks for every command that membership could
 * let count, and for every role, not only those a requirement applies to.
 */
import { parseCommands, type Command } from '../commands/parse.js';
import { checkRequirement } from '../contract/check-entries.js';
import { CONTRACT_PATH } from '../contract/location.js';
import type { Contract } from '../contract/schema.js';
import type { ChangedFile, ConversationEntry, PullRequestFacts } from '../facts/snapshot.js';
import { describePeople, type People } from './conversation-people.js';
import { admitCommands, authorSignoffRefusal, readsDismissedState, readsEditState, vetoes, waiverBeforeApprovers } from './conversation-rules.js';
import { proposesContract } from './proposed-contract.js';
import { resolveRoles } from './signoff-roles.js';

export interface ContractNeeds {
  /** Distinct evidence files; `lastChange` asks for the time of the last commit touching the file. */
  evidenceFiles: { path: string; lastChange: boolean }[];
  /** Distinct files that `digest_of` binds a field to, whose digests are needed at the head. */
  artifacts: string[];
  /** Distinct `template:` paths, read from the base branch (where the contract comes from), never from the head. */
  templates: string[];
  /** Distinct check-run or commit-status names. */
  checks: string[];
  /** Distinct teams from `roles`, as `org/slug` (no `@`, lower-cased), for membership look-ups. */
  teams: string[];
}

export function contractNeeds(contract: Contract): ContractNeeds {
  const files = new Map<string, boolean>();
  const checks = new Set<string>();
  const artifacts = new Set<string>();
  const templates = new Set<string>();
  for (const item of contract.evidence) {
    if (item.template !== undefined) templates.add(item.template);
    if (item.file !== undefined) files.set(item.file, (files.get(item.file) ?? false) || item.max_age_days !== undefined);
    for (const field of item.fields ?? []) if (field.digest_of !== undefined) artifacts.add(field.digest_of);
    for (const check of item.checks ?? []) checks.add(checkRequirement(check).name);
  }
  const teams = new Set<string>();
  for (const members of Object.values(contract.roles)) {
    for (const member of members) if (member.includes('/')) teams.add(member.slice(1).toLowerCase());
  }
  return {
    evidenceFiles: [...files.keys()].sort(byCodeUnit).map((path) => ({ path, lastChange: files.get(path) === true })),
    artifacts: [...artifacts].sort(byCodeUnit),
    templates: [...templates].sort(byCodeUnit),
    checks: [...checks].sort(byCodeUnit),
    teams: [...teams].sort(byCodeUnit),
  };
}

/** The path to read at the head as `Snapshot.proposedContract`, or null when the judge does not read one. */
export function proposedContractNeed(files: readonly ChangedFile[]): string | null {
  return proposesContract(files) ? CONTRACT_PATH : null;
}

/** Locale-independent, so the order is the same on every machine. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface HistoryNeeds {
  /** Keys of entries whose edit state the judge reads and REST does not prove (not already edited). */
  editsOf: string[];
  /** Whether the judge reads what some dismissed review had been. */
  dismissedStates: boolean;
}

export function historyNeeds(conversation: readonly ConversationEntry[]): HistoryNeeds {
  return {
    editsOf: conversation.filter((entry) => !entry.edited && readsEditState(entry, parseCommands(entry.body))).map((entry) => entry.key),
    dismissedStates: conversation.some(readsDismissedState),
  };
}

/** Keys of plain comments without a commit whose sign-off the judge may record: they are pinned to the head of their time. */
export function pinNeeds(contract: Contract, pull: PullRequestFacts, conversation: readonly ConversationEntry[]): Set<string> {
  const people = peopleOf(contract, pull);
  return new Set(
    conversation
      .filter((entry) => entry.source === 'comment' && entry.commitSha === null && maySignOff(entry, people, contract))
      .map((entry) => entry.key),
  );
}

export interface MembershipQuestion {
  /** `org/slug`, lower-cased. */
  team: string;
  /** Lower-cased. */
  login: string;
}

export interface ConversationNeeds {
  /** One question per (team, login), in first-asked order. */
  memberships: MembershipQuestion[];
  /** Sign-off commits to compare with the head, sorted. */
  comparisons: string[];
}

export function conversationNeeds(contract: Contract, pull: PullRequestFacts, conversation: readonly ConversationEntry[]): ConversationNeeds {
  const people = peopleOf(contract, pull);
  const memberships = new Map<string, MembershipQuestion>();
  const comparisons = new Set<string>();
  for (const entry of conversation) {
    const admitted = 'time' in admitCommands(entry);
    const roles = new Set<string>(vetoes(entry) ? people.roleNames : []);
    for (const command of admitted ? parseCommands(entry.body) : []) {
      for (const role of rolesAskedBy(command, entry, people, contract)) roles.add(role);
    }
    for (const role of roles) {
      for (const team of people.teamsDeciding(role, entry.author)) {
        const login = entry.author.login.toLowerCase();
        memberships.set(`${team}\n${login}`, { team, login });
      }
    }
    // signoff-freshness.ts compares a recorded sign-off's commit with the head only under invalidate_on_push.
    const sha = entry.commitSha;
    if (contract.signoff_policy.invalidate_on_push && sha !== null && sha !== pull.headSha && maySignOff(entry, people, contract)) comparisons.add(sha);
  }
  return { memberships: [...memberships.values()], comparisons: [...comparisons].sort(byCodeUnit) };
}

function peopleOf(contract: Contract, pull: PullRequestFacts): People {
  // No memberships: only the questions are wanted here, never their answers.
  return describePeople(contract, { pull, teamMemberships: [] });
}

/** The roles whose membership decides what an admitted command does (conversation.ts judgeCommand). */
function rolesAskedBy(command: Command, entry: ConversationEntry, people: People, contract: Contract): string[] {
  const actor = entry.author;
  if (command.kind === 'signoff') {
    if (authorSignoffRefusal(actor, people.isAuthor(actor), contract.signoff_policy) !== null) return [];
    const resolved = resolveRoles(command.roles, people);
    return 'roles' in resolved ? resolved.roles : [];
  }
  if (command.kind === 'waive') {
    const checked = waiverBeforeApprovers(command, contract, actor, people.isAuthor(actor));
    return 'policy' in checked ? checked.policy.approvers : [];
  }
  return [];
}

/** Whether the judge may record a sign-off from this entry, with its commit: membership aside, it would accept one. */
function maySignOff(entry: ConversationEntry, people: People, contract: Contract): boolean {
  if (!('time' in admitCommands(entry))) return false;
  return parseCommands(entry.body).some((command) => command.kind === 'signoff' && rolesAskedBy(command, entry, people, contract).length > 0);
}
