/**
 * Feedback on commands, kept quiet: a refused command gets one reply that says
 * why (found again later by a hidden marker, so never a second one); an
 * accepted command gets a reaction, not a comment. The plans decide without
 * GitHub; the ensure… functions write.
 */
import type { CommandOutcome, RefusedCommand } from '../evaluate/verdict.js';
import type { GitHubClient, PullRef } from '../github/client.js';
import { replyMarker } from '../github/markers.js';
import type { PostedEntry } from '../github/posted-entry.js';
import { renderRefusalReply } from '../render/command-replies.js';

/** A reply to post on the pull request's conversation. */
export interface CommandReply {
  /** The entry whose refused commands it answers. */
  entryKey: string;
  body: string;
}

/** A 👍 for a command that was accepted: on a comment, or on a review comment (reviews cannot carry reactions). */
export interface CommandReaction {
  on: 'comment' | 'review_comment';
  commentId: number;
}

/** One reply per entry with refused commands, unless the app answered it already. */
export function planCommandReplies(outcomes: readonly CommandOutcome[], conversation: readonly PostedEntry[], appLogin: string): CommandReply[] {
  const login = appLogin.toLowerCase();
  const ours = conversation.filter((e) => e.source === 'comment' && e.author.login.toLowerCase() === login).map((e) => e.body);
  const entries = new Map(conversation.map((e) => [e.key, e]));
  const refusedByEntry = new Map<string, { author: string; refused: RefusedCommand[] }>();
  for (const outcome of outcomes) {
    const entry = entries.get(outcome.entryKey);
    // Bots (the app itself included) are never answered: two bots could otherwise talk for ever.
    if (outcome.accepted || !entry || entry.author.type !== 'User') continue;
    const answer = refusedByEntry.get(entry.key) ?? { author: entry.author.login, refused: [] };
    answer.refused.push(outcome);
    refusedByEntry.set(entry.key, answer);
  }
  const replies: CommandReply[] = [];
  for (const [entryKey, { author, refused }] of refusedByEntry) {
    const marker = replyMarker(entryKey);
    if (ours.some((body) => body.includes(marker))) continue;
    replies.push({ entryKey, body: renderRefusalReply(author, refused, marker) });
  }
  return replies;
}

/** Reactions for the entries that caused this evaluation (`acknowledge`), each that carried an accepted command. */
export function planCommandReactions(acknowledge: readonly string[], outcomes: readonly CommandOutcome[]): CommandReaction[] {
  const reactions: CommandReaction[] = [];
  for (const entryKey of acknowledge) {
    if (!outcomes.some((c) => c.entryKey === entryKey && c.accepted)) continue;
    const [source, id] = entryKey.split(':');
    const commentId = Number(id);
    if (!Number.isSafeInteger(commentId)) continue;
    if (source === 'comment' || source === 'review_comment') reactions.push({ on: source, commentId });
  }
  return reactions;
}

/** Posts the planned replies; returns how many. */
export async function ensureCommandReplies(github: GitHubClient, ref: PullRef, replies: readonly CommandReply[]): Promise<number> {
  for (const { body } of replies) await github.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, body });
  return replies.length;
}

/** Adds the planned reactions; GitHub keeps one per app and kind, so a repeated one changes nothing. */
export async function ensureCommandReactions(github: GitHubClient, ref: PullRef, reactions: readonly CommandReaction[]): Promise<void> {
  for (const { on, commentId } of reactions) {
    if (on === 'comment') {
      await github.rest.reactions.createForIssueComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, content: '+1' });
    } else {
      await github.rest.reactions.createForPullRequestReviewComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, content: '+1' });
    }
  }
}
