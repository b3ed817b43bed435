/**
 * Which head commit a sign-off in a plain PR comment was given at.
 *
 * Reviews and review comments record their commit; issue comments do not, and
 * commit dates cannot be trusted (an author can backdate a commit). Nor can
 * anything attached to a commit: a check run belongs to a commit, so a SHA the
 * app saw earlier in another pull request or branch would look "old". The one
 * clock the author cannot move is the app's own record of this pull request:
 * each time its head changed, the moment the app first evaluated the new head
 * (kept, signed, in the checklist comment's hidden state). A comment counts as
 * given at the head that was current, by that record, when it was written.
 * A head the app never recorded (it was down, the record was lost or did not
 * verify) is simply missing, which can only pin a sign-off to an older commit,
 * or to none, making it stale sooner, never later.
 */
import { parseCommands } from '../../commands/parse.js';
import type { HeadPeriod } from '../../github/head-clock.js';
import type { ConversationEntry } from '../snapshot.js';

export function pinCommentSignoffs(conversation: readonly ConversationEntry[], periods: readonly HeadPeriod[]): ConversationEntry[] {
  const newestFirst = [...periods].sort((a, b) => Date.parse(b.since) - Date.parse(a.since));
  return conversation.map((entry) => {
    if (entry.source !== 'comment' || entry.commitSha !== null || !parseCommands(entry.body).some((c) => c.kind === 'signoff')) return entry;
    const written = Date.parse(entry.createdAt);
    const current = newestFirst.find((period) => Date.parse(period.since) <= written);
    return current ? { ...entry, commitSha: current.sha } : entry;
  });
}
