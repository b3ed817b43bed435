/**
 * Keeps exactly one checklist comment on a pull request: found by its hidden
 * marker and the app's own login, edited in place, never duplicated.
 */
import type { GitHubClient, PullRef } from '../facts/github/client.js';
import type { ConversationEntry } from '../facts/snapshot.js';

/** Hidden in the rendered comment; a comment counts as ours only with this marker and our login. */
export const CHECKLIST_MARKER = '<!-- readiness-gate:checklist -->';

export interface ExistingComment {
  id: number;
  body: string;
}

/** Picks our checklist out of the conversation that was already read for the snapshot. */
export function findOwnChecklist(conversation: readonly ConversationEntry[], appLogin: string): ExistingComment | null {
  const login = appLogin.toLowerCase();
  const own = conversation.find(
    (entry) => entry.source === 'comment' && entry.author.login.toLowerCase() === login && entry.body.includes(CHECKLIST_MARKER),
  );
  return own ? { id: Number(own.key.slice('comment:'.length)), body: own.body } : null;
}

export async function publishChecklistComment(
  github: GitHubClient,
  ref: PullRef,
  body: string,
  existing: ExistingComment | null,
): Promise<'created' | 'updated' | 'unchanged'> {
  const withMarker = body.includes(CHECKLIST_MARKER) ? body : `${CHECKLIST_MARKER}\n${body}`;
  if (existing) {
    if (existing.body === withMarker) return 'unchanged';
    await github.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: existing.id, body: withMarker });
    return 'updated';
  }
  await github.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, body: withMarker });
  return 'created';
}
