/** Cheap decisions about whether an event can change a verdict at all. */
import { parseCommands } from '../commands/parse.js';

/** A comment matters only when it carries (or, edited or deleted, carried) a command. */
export function hasCommand(body: string | null | undefined): boolean {
  return typeof body === 'string' && body.includes('/') && parseCommands(body).length > 0;
}

/** A comment event matters when the comment carries a command now, or carried one before an edit. */
export function commentEventHasCommand(payload: { comment: { body?: string | null }; changes?: { body?: { from?: string } } }): boolean {
  return hasCommand(payload.comment.body) || hasCommand(payload.changes?.body?.from);
}

/** GitHub names merge-queue branches `gh-readonly-queue/<base>/pr-<number>-<sha>`. */
export function mergeGroupPullNumber(headRef: string): number | null {
  const match = /\/pr-(\d+)-[0-9a-f]{7,40}$/.exec(headRef);
  return match ? Number(match[1]) : null;
}
