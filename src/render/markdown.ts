/**
 * Small Markdown helpers shared by the checklist and the audit record. Text that
 * reaches them may come from a pull request's own files (evidence problems quote
 * values), so it is made inert: it cannot break a line or a table row, open
 * HTML, or mention people.
 */
import { markdownTable } from 'markdown-table';

/**
 * Escapes plain text for one line of Markdown: a leading block marker, the
 * emphasis and strike-through markers globs are full of, HTML, mentions, and
 * line breaks (as `<br>`).
 */
export function inline(text: string): string {
  return text
    .replace(/^([#>+=-])/, '\\$1')
    .replace(/[*~]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * A code span holding `text`, with a fence longer than any backtick run inside.
 * Code spans also keep `@login` from notifying anyone.
 */
export function code(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  const longest = (flat.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A mention of a person who took part (a signer, an approver): they are notified anyway. */
export function mention(login: string): string {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login) ? `@${login}` : code(login);
}

/** First seven characters of a commit SHA, as GitHub abbreviates them. */
export function shortSha(sha: string | null | undefined): string {
  if (!sha) return 'unknown commit';
  return /^[0-9a-f]{7,64}$/i.test(sha) ? code(sha.slice(0, 7)) : code(sha);
}

/** `2025-03-04 12:00 UTC` for an ISO time; the text as given when it is not one. */
export function formatTime(iso: string): string {
  if (!iso) return 'unknown time';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return inline(iso);
  return new Date(time).toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

/** `2025-03-04` for an ISO time. */
export function formatDate(iso: string): string {
  if (!iso) return 'unknown date';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return inline(iso);
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * A GitHub table from cells of one-line Markdown (built with the helpers above).
 * Pipes are escaped here, once, so that no cell can end early. Backslashes just
 * before a pipe are doubled first: GitHub reads `\\|` as an escaped backslash
 * followed by a cell boundary.
 */
export function table(headers: string[], rows: string[][]): string {
  const safe = (markdown: string) =>
    markdown.replace(/\r\n|\r|\n/g, '<br>').replace(/(\\*)\|/g, (_pipe, slashes: string) => `${slashes}${slashes}\\|`);
  return markdownTable([headers, ...rows].map((row) => row.map(safe)), { alignDelimiters: false });
}
