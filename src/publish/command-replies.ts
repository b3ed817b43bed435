/**
 * Feedback on commands, kept quiet: a refused command gets one reply that says
 * why (found again later by a hidden marker, so never a second one); an
 * accepted command gets a reaction, not a comment.
 */
import type { CommandOutcome, RefusedCommand } from '../evaluate/verdict.js';
import type { GitHubClient, PullRef } from '../facts/github/client.js';
import type { ConversationEntry } from '../facts/snapshot.js';
import { code, inline, mention } from '../render/markdown.js';

/** At most this many refusals are listed in one reply; a comment full of bad commands should not echo back at length. */
const MAX_LISTED = 10;

export function replyMarker(entryKey: string): string {
  return `<!-- readiness-gate:reply ${entryKey} -->`;
}

export async function replyToRefusedCommands(
  github: GitHubClient,
  ref: PullRef,
  outcomes: readonly CommandOutcome[],
  conversation: readonly ConversationEntry[],
  appLogin: string,
): Promise<number> {
  const login = appLogin.toLowerCase();
  const ours = conversation.filter((e) => e.source === 'comment' && e.author.login.toLowerCase() === login).map((e) => e.body);
  const entries = new Map(conversation.map((e) => [e.key, e]));
  const refusedByEntry = new Map<string, RefusedCommand[]>();
  for (const outcome of outcomes) {
    const entry = entries.get(outcome.entryKey);
    // Bots (the app itself included) are never answered: two bots could otherwise talk for ever.
    if (outcome.accepted || !entry || entry.author.type !== 'User') continue;
    refusedByEntry.set(outcome.entryKey, [...(refusedByEntry.get(outcome.entryKey) ?? []), outcome]);
  }
  let replies = 0;
  for (const [key, refused] of refusedByEntry) {
    const marker = replyMarker(key);
    if (ours.some((body) => body.includes(marker))) continue;
    const author = entries.get(key)?.author.login ?? 'there';
    await github.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, body: refusalText(author, refused, marker) });
    replies += 1;
  }
  return replies;
}

function refusalText(author: string, refused: readonly RefusedCommand[], marker: string): string {
  const listed = refused.slice(0, MAX_LISTED).map((o) => `- ${code(o.text.slice(0, 200))}: ${inline(o.reason)}`);
  const more = refused.length > MAX_LISTED ? [`- … and ${refused.length - MAX_LISTED} more`] : [];
  const plural = refused.length === 1 ? 'this command' : 'these commands';
  return [`${mention(author)}, readiness-gate did not count ${plural}:`, '', ...listed, ...more, '', marker].join('\n');
}

/** A reaction on the comment that carried an accepted command (reviews cannot carry reactions). */
export async function acknowledgeCommand(github: GitHubClient, ref: PullRef, entryKey: string): Promise<void> {
  const [source, id] = entryKey.split(':');
  const commentId = Number(id);
  if (!Number.isSafeInteger(commentId)) return;
  if (source === 'comment') {
    await github.rest.reactions.createForIssueComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, content: '+1' });
  } else if (source === 'review_comment') {
    await github.rest.reactions.createForPullRequestReviewComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, content: '+1' });
  }
}
