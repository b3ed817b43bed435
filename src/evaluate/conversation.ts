/**
 * Judges the commands and reviews of a pull request conversation (SPEC §2):
 * which sign-offs count, which roles a "changes requested" review blocks, which
 * waivers were granted, and why each refused command was refused.
 *
 * Entries are replayed in chronological order (time, then key), so the result
 * depends only on the snapshot and `now`. Within one entry the commands come
 * first and the review state after, so a review that requests changes blocks
 * even when its body says `/signoff`.
 *
 * What counts, and what a reply may say when it does not:
 * - a command in an edited entry, a pending or dismissed review, an entry
 *   without a readable time, or from a bot: refused;
 * - `/signoff` and `/revoke`: one outcome per role. A sign-off needs a member
 *   of the role who is not the author (unless `allow_author`) and, under
 *   `distinct_people`, who does not already hold a sign-off for another role
 *   (the earlier one wins; `/revoke` frees the person). A new sign-off for the
 *   same role replaces the person's earlier one. Roles that no requirement
 *   currently asks for are accepted and recorded: a push or a label may make
 *   them apply;
 * - a member's `/signoff <role>` lifts their own block on that role, even when
 *   `distinct_people` keeps it from counting; their later approving review
 *   lifts their blocks on every role. Dismissing a review changes nothing the
 *   reviewer did not do: a dismissed "changes requested" (or a dismissed review
 *   whose earlier state is unknown) still blocks, whoever dismissed it, and a
 *   dismissed approval lifts nothing;
 * - an approving review alone signs nothing.
 */
import { parseCommands, type Command } from '../commands/parse.js';
import type { Contract } from '../contract/schema.js';
import type { ConversationEntry, Snapshot } from '../facts/snapshot.js';
import { describePeople, type Actor, type People } from './conversation-people.js';
import { admitCommands, authorSignoffRefusal, liftsBlocks, readTime, vetoes } from './conversation-rules.js';
import { signoffResult, type Block } from './signoff-result.js';
import { resolveRoles, unknownRoleReason } from './signoff-roles.js';
import type { CommandOutcome, SignerRecord, SignoffResult, WaiverRecord } from './verdict.js';
import { judgeWaiver } from './waiver-judge.js';

export interface RoleRequirement {
  role: string;
  required: number;
  trigger: string;
  /** Whether any of these repository paths falls in this requirement's scope (for staleness). */
  touches(files: readonly string[]): boolean;
}

export interface ConversationJudgement {
  /** One per RoleRequirement, same order. */
  signoffs: SignoffResult[];
  /** By evidence id: the latest accepted waiver (may be expired). */
  waivers: Map<string, WaiverRecord>;
  commands: CommandOutcome[];
}

interface Timed {
  entry: ConversationEntry;
  /** Milliseconds, or null when the entry's time cannot be read. */
  time: number | null;
}

/** What the conversation has established so far, keyed by role, then by lower-cased login. */
interface Ledger {
  signoffs: Map<string, Map<string, SignerRecord>>;
  blocks: Map<string, Map<string, Block>>;
  waivers: Map<string, WaiverRecord>;
  commands: CommandOutcome[];
}

export function judgeConversation(
  contract: Contract,
  snapshot: Snapshot,
  requirements: readonly RoleRequirement[],
  now: Date,
): ConversationJudgement {
  const people = describePeople(contract, snapshot);
  const ledger: Ledger = { signoffs: new Map(), blocks: new Map(), waivers: new Map(), commands: [] };
  for (const timed of chronological(snapshot.conversation)) {
    judgeEntry(timed, contract, people, ledger, now);
  }
  return {
    signoffs: requirements.map((requirement) =>
      signoffResult(
        requirement,
        [...(ledger.signoffs.get(requirement.role)?.values() ?? [])],
        [...(ledger.blocks.get(requirement.role)?.values() ?? [])],
        people,
        contract.signoff_policy,
        snapshot,
        now,
      ),
    ),
    waivers: ledger.waivers,
    commands: ledger.commands,
  };
}

function chronological(entries: readonly ConversationEntry[]): Timed[] {
  const timed = entries.map((entry) => ({ entry, time: readTime(entry.createdAt) }));
  // Unreadable times go last, so a "changes requested" among them still blocks.
  return timed.sort(
    (a, b) =>
      (a.time ?? Infinity) - (b.time ?? Infinity) || (a.entry.key < b.entry.key ? -1 : a.entry.key > b.entry.key ? 1 : 0),
  );
}

function judgeEntry({ entry, time }: Timed, contract: Contract, people: People, ledger: Ledger, now: Date): void {
  const admission = admitCommands(entry);
  for (const command of parseCommands(entry.body)) {
    const reasons = 'refusal' in admission ? [admission.refusal] : judgeCommand(command, entry, admission.time, contract, people, ledger, now);
    for (const reason of reasons) {
      const source = { entryKey: entry.key, author: entry.author.login, text: command.text };
      ledger.commands.push(reason === null ? { ...source, accepted: true } : { ...source, accepted: false, reason });
    }
  }
  applyReviewState(entry, time, people, ledger);
}

/** One entry per outcome: null when accepted, otherwise why it was refused. */
function judgeCommand(
  command: Command,
  entry: ConversationEntry,
  time: number,
  contract: Contract,
  people: People,
  ledger: Ledger,
  now: Date,
): (string | null)[] {
  switch (command.kind) {
    case 'readiness':
      return [null];
    case 'malformed':
      return [command.problem];
    case 'waive': {
      const request = { command, approver: entry.author, entryKey: entry.key, createdAt: entry.createdAt, createdAtMs: time };
      const judged = judgeWaiver(request, contract, people, now);
      if ('refusal' in judged) return [judged.refusal];
      ledger.waivers.set(command.evidenceId, judged.waiver);
      return [null];
    }
    case 'signoff':
    case 'revoke': {
      const resolved = resolveRoles(command.roles, people);
      if ('unknown' in resolved) return [unknownRoleReason(resolved.unknown, people)];
      return resolved.roles.map((role) =>
        command.kind === 'signoff' ? signOff(role, entry, contract, people, ledger) : revoke(role, entry, ledger),
      );
    }
  }
}

function signOff(role: string, entry: ConversationEntry, contract: Contract, people: People, ledger: Ledger): string | null {
  const actor = entry.author;
  const policy = contract.signoff_policy;
  const refusal = authorSignoffRefusal(actor, people.isAuthor(actor), policy);
  if (refusal !== null) return refusal;
  if (!people.isMember(role, actor)) {
    return `@${actor.login} is not a member of ${role} (members: ${people.eligible(role).join(', ')})`;
  }
  const login = loginKey(actor);
  ledger.blocks.get(role)?.delete(login);
  if (policy.distinct_people) {
    const held = [...ledger.signoffs].find(([other, signers]) => other !== role && signers.has(login));
    if (held) {
      return (
        `@${actor.login} already signed off as ${held[0]}, and one person fills at most one role ` +
        `(signoff_policy.distinct_people); /revoke ${held[0]} first to sign off as ${role}`
      );
    }
  }
  const signers = mapFor(ledger.signoffs, role);
  // Deleting first keeps each map in the order of the latest sign-offs.
  signers.delete(login);
  signers.set(login, { login: actor.login, role, commitSha: entry.commitSha, at: entry.createdAt, entryKey: entry.key });
  return null;
}

function revoke(role: string, entry: ConversationEntry, ledger: Ledger): string | null {
  return ledger.signoffs.get(role)?.delete(loginKey(entry.author)) ? null : `@${entry.author.login} has no sign-off for ${role} to revoke`;
}

function applyReviewState(entry: ConversationEntry, time: number | null, people: People, ledger: Ledger): void {
  const login = loginKey(entry.author);
  if (vetoes(entry)) {
    for (const role of people.roleNames) {
      if (!people.isMember(role, entry.author)) continue;
      const blocks = mapFor(ledger.blocks, role);
      blocks.delete(login);
      blocks.set(login, { login: entry.author.login, entryKey: entry.key, at: entry.createdAt });
    }
  } else if (liftsBlocks(entry, time)) {
    for (const blocks of ledger.blocks.values()) blocks.delete(login);
  }
}

function loginKey(actor: Actor): string {
  return actor.login.toLowerCase();
}

function mapFor<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  const existing = maps.get(key);
  if (existing) return existing;
  const created = new Map<string, V>();
  maps.set(key, created);
  return created;
}
