/**
 * The rules that decide which parts of a pull request conversation the judge
 * looks at: which entries' commands may count, which reviews veto, and which
 * commands are refused before anyone's role membership is asked.
 *
 * They live apart from the judge because two readers must agree on them: the
 * judge (conversation.ts, waiver-judge.ts) applies them, and fact-needs.ts
 * derives from them what the facts layer fetches (edit histories, team
 * memberships, comparisons). Written twice, a fix to the judge could silently
 * stop the app fetching a fact the judge reads, which it would then read as
 * missing.
 */
import type { Command } from '../commands/parse.js';
import type { Contract } from '../contract/schema.js';
import type { ActorType, ConversationEntry } from '../facts/snapshot.js';
// The one bot predicate, shared with the webhook handlers and the publishers; it is pure.
import { isBot } from '../github/actors.js';

export interface Actor {
  login: string;
  type: ActorType;
}

/** Times outside this range are treated as unreadable, so date arithmetic on them cannot fail. */
const LATEST_TIME = Date.UTC(9999, 11, 31);

export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Milliseconds, or null when the time cannot be read. */
export function readTime(iso: string): number | null {
  const time = Date.parse(iso);
  return Number.isFinite(time) && Math.abs(time) <= LATEST_TIME ? time : null;
}

/**
 * Why no command of this entry can count, or the entry's time when they may.
 * The order matters to what is fetched: a bot is refused before its edit state
 * is read, so a bot's entries need no edit history.
 */
export function admitCommands(entry: ConversationEntry): { refusal: string } | { time: number } {
  if (isBot(entry.author)) return { refusal: `@${entry.author.login} is a bot, and commands from bots do not count` };
  if (entry.edited) return { refusal: 'edited comments do not count; post a new comment' };
  if (entry.reviewState === 'PENDING') return { refusal: 'this review is not submitted yet; submit it, or post a comment' };
  if (entry.reviewState === 'DISMISSED') return { refusal: 'this review was dismissed, so its commands do not count; post a new comment' };
  const time = readTime(entry.createdAt);
  if (time === null) return { refusal: 'the time of this comment cannot be read, so its commands do not count' };
  return { time };
}

/** Whether the judge reads this entry's `edited` flag: it has commands and is not a bot's (admitCommands). */
export function readsEditState(entry: ConversationEntry, commands: readonly Command[]): boolean {
  return commands.length > 0 && !isBot(entry.author);
}

/** Whether a review's state is applied at all: bots' reviews neither veto nor lift a veto. */
function appliesReviewState(entry: ConversationEntry): boolean {
  return entry.source === 'review' && !isBot(entry.author);
}

/**
 * A review that blocks every role its author holds: "changes requested", or a
 * dismissed review that was one or whose earlier state is unknown (dismissing
 * changes nothing the reviewer did not do).
 */
export function vetoes(entry: ConversationEntry): boolean {
  if (!appliesReviewState(entry)) return false;
  if (entry.reviewState === 'CHANGES_REQUESTED') return true;
  return entry.reviewState === 'DISMISSED' && (entry.dismissedState === undefined || entry.dismissedState === 'CHANGES_REQUESTED');
}

/** A submitted approval: it lifts its author's blocks on every role. */
export function liftsBlocks(entry: ConversationEntry, time: number | null): boolean {
  return appliesReviewState(entry) && entry.reviewState === 'APPROVED' && time !== null;
}

/** Whether `vetoes` reads what a dismissed review had been (GitHub's timeline knows it). */
export function readsDismissedState(entry: ConversationEntry): boolean {
  return appliesReviewState(entry) && entry.reviewState === 'DISMISSED';
}

/** The author's `/signoff` is refused before membership is asked, unless `allow_author`. */
export function authorSignoffRefusal(actor: Actor, isAuthor: boolean, policy: Contract['signoff_policy']): string | null {
  return isAuthor && !policy.allow_author
    ? `@${actor.login} opened this pull request, and the author cannot sign off (signoff_policy.allow_author is false)`
    : null;
}

/**
 * Whether a `/waive` gets as far as its approver's membership: it is refused
 * before when the contract allows no waivers, names no such evidence, or the
 * approver opened the pull request (whatever `allow_author` says). Otherwise
 * the policy whose approver roles decide.
 */
export function waiverBeforeApprovers(
  command: Extract<Command, { kind: 'waive' }>,
  contract: Contract,
  approver: Actor,
  isAuthor: boolean,
): { refusal: string } | { policy: NonNullable<Contract['waivers']> } {
  const policy = contract.waivers;
  if (!policy) return { refusal: 'this contract has no waivers section, so evidence cannot be waived' };
  if (!contract.evidence.some((item) => item.id === command.evidenceId)) {
    const ids = contract.evidence.map((item) => item.id);
    const known = ids.length > 0 ? `the evidence ids are ${ids.join(', ')}` : 'the contract names no evidence';
    return { refusal: `unknown evidence id ${command.evidenceId}; ${known}` };
  }
  if (isAuthor) return { refusal: `@${approver.login} opened this pull request, and the author cannot waive evidence` };
  return { policy };
}
