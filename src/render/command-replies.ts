/**
 * The reply to refused commands. Command lines and reasons quote what someone
 * wrote in the conversation, so they are shown inert (a code span, escaped
 * text); only the author, who wrote them, is mentioned.
 */
import type { RefusedCommand } from '../evaluate/verdict.js';
import { code, inline, mention } from './markdown.js';

/** At most this many refusals are listed in one reply; a comment full of bad commands should not echo back at length. */
const MAX_LISTED = 10;
/** A command line longer than this is shown cut: the reply only has to say which one it was. */
const COMMAND_SHOWN = 200;

/** Says why each command was not counted; `marker` is its hidden last line, which finds the reply again. */
export function renderRefusalReply(author: string, refused: readonly RefusedCommand[], marker: string): string {
  const listed = refused.slice(0, MAX_LISTED).map((o) => `- ${code(o.text.slice(0, COMMAND_SHOWN))}: ${inline(o.reason)}`);
  const more = refused.length > MAX_LISTED ? [`- … and ${refused.length - MAX_LISTED} more`] : [];
  const plural = refused.length === 1 ? 'this command' : 'these commands';
  return [`${mention(author)}, readiness-gate did not count ${plural}:`, '', ...listed, ...more, '', marker].join('\n');
}
