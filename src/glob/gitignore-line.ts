/**
 * What one line of a `.gitignore` at the repository root matches, for a file
 * path (changed files are files, never directories), as git decides it:
 * - trailing spaces are dropped unless escaped with `\`; an empty line or one
 *   starting with `#` matches nothing; a leading `!` negates, which on its own
 *   line ignores nothing;
 * - one trailing `/` means "directories only";
 * - a line with no other `/` matches the name of a file or directory at any
 *   depth; otherwise one leading `/` is dropped and the line matches the whole
 *   path from the root (wildmatch with WM_PATHNAME);
 * - a line that matches a directory matches everything inside it.
 */
import { byteString, wildmatchSource } from './wildmatch.js';
import type { GroupCounter } from './wildmatch.js';

export interface GitignoreLine {
  /** The wildmatch pattern left once the line's own syntax is taken off. */
  pattern: string;
  /** A trailing `/`: only directories match. */
  directoryOnly: boolean;
  /** No `/` (except a trailing one): matched against each path segment. */
  anyDepth: boolean;
  /** Why the line matches nothing at all, when it does not ignore anything. */
  inert?: 'empty' | 'comment' | 'negated';
}

/** git's rule: trailing spaces go, unless a `\` escapes one (the `\` stays for the matcher). */
export function trimTrailingSpaces(line: string): string {
  let lastSpace = -1;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (c === ' ') {
      if (lastSpace === -1) lastSpace = i;
    } else {
      if (c === '\\') {
        i += 1;
        if (i >= line.length) return line;
      }
      lastSpace = -1;
    }
  }
  return lastSpace === -1 ? line : line.slice(0, lastSpace);
}

export function readGitignoreLine(line: string): GitignoreLine {
  if (line.startsWith('#')) return { pattern: '', directoryOnly: false, anyDepth: true, inert: 'comment' };
  let pattern = trimTrailingSpaces(line);
  const negated = pattern.startsWith('!');
  if (negated) pattern = pattern.slice(1);
  const directoryOnly = pattern.endsWith('/');
  if (directoryOnly) pattern = pattern.slice(0, -1);
  const anyDepth = !pattern.includes('/');
  if (!anyDepth && pattern.startsWith('/')) pattern = pattern.slice(1);
  const read: GitignoreLine = { pattern, directoryOnly, anyDepth };
  // An empty pattern never equals a name, so it matches nothing.
  if (negated) read.inert = 'negated';
  else if (pattern === '' && anyDepth) read.inert = 'empty';
  return read;
}

/**
 * The RegExp source that a file path's UTF-8 byte string matches from its
 * start (the caller anchors it with `^`) exactly when the line ignores it, or
 * undefined when it ignores nothing.
 */
export function gitignoreLineSource(line: string, groups: GroupCounter): string | undefined {
  const read = readGitignoreLine(line);
  if (read.inert !== undefined) return undefined;
  // The match must end where a name ends: at the end of the path, or, for a
  // directory (and `directoryOnly` needs one), at a `/` with more path after it.
  const end = read.directoryOnly ? '\\/' : '(?:\\/|$)';
  const body = wildmatchSource(byteString(read.pattern), { end, segment: read.anyDepth }, groups);
  if (body === undefined) return undefined;
  return read.anyDepth ? `(?:[^/]*\\/)*${body}` : body;
}
