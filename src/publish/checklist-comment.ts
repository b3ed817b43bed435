/**
 * Keeps exactly one checklist comment on a pull request: found by its hidden
 * marker and the app's own login, edited in place, never duplicated.
 */
import type { GitHubClient, PullRef } from '../github/client.js';
import { CHECKLIST_MARKER } from '../github/markers.js';
import type { PostedEntry } from '../github/posted-entry.js';
import { fitChecklist } from '../render/checklist.js';
import { GITHUB_TEXT_LIMIT, utf8Length } from '../render/limits.js';
import { writePublicationState, type PublicationState } from './publication-state.js';
import type { StateSeal } from './state-seal.js';

export interface ExistingComment {
  id: number;
  body: string;
}

/** Picks our checklist out of the conversation that was already read for the snapshot. */
export function findOwnChecklist(conversation: readonly PostedEntry[], appLogin: string): ExistingComment | null {
  const login = appLogin.toLowerCase();
  const own = conversation.find(
    (entry) => entry.source === 'comment' && entry.author.login.toLowerCase() === login && entry.body.includes(CHECKLIST_MARKER),
  );
  return own ? { id: Number(own.key.slice('comment:'.length)), body: own.body } : null;
}

/** Marker, checklist (cut to fit) and the hidden publication state: the whole comment. */
export function checklistCommentBody(checklist: string, state: PublicationState, seal: StateSeal): string {
  const stateLine = writePublicationState(state, seal);
  const room = GITHUB_TEXT_LIMIT - utf8Length(CHECKLIST_MARKER) - utf8Length(stateLine) - 2;
  return `${CHECKLIST_MARKER}\n${fitChecklist(checklist, room).trimEnd()}\n${stateLine}`;
}

/** Creates the comment, or edits it in place only when its text would change. */
export async function ensureChecklistComment(
  github: GitHubClient,
  ref: PullRef,
  body: string,
  existing: ExistingComment | null,
): Promise<'created' | 'updated' | 'unchanged'> {
  if (existing) {
    if (existing.body === body) return 'unchanged';
    await github.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: existing.id, body });
    return 'updated';
  }
  await github.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, body });
  return 'created';
}
