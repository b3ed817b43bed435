/**
 * Which globs a contract may hold. A glob matches as a `.gitignore` line does
 * (src/glob), plus `{a,b}` lists; everything git would read as something other
 * than a pattern (a comment, a negation, dropped trailing spaces), and every
 * glob git could never match, is refused here with the fix, because a glob
 * that silently matches nothing lets every pull request through.
 */
import { expandBraces, MAX_EXPANSIONS, strayBrace } from '../glob/braces.js';
import { trimTrailingSpaces } from '../glob/gitignore-line.js';
import { bracketBytes, POSIX_CLASS_NAMES, readBracket } from '../glob/wildmatch.js';
import { quote } from './messages.js';

const CLASSES = POSIX_CLASS_NAMES.map((name) => `[:${name}:]`).join(' ');

export function globProblem(glob: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- a .gitignore line cannot hold these
  if (/[\u0000\n\r]/.test(glob)) return `${quote(glob)} contains a line break or NUL character; a glob is one line of text`;
  const stray = strayBrace(glob);
  if (stray !== undefined) {
    const brace = glob[stray] ?? '{';
    return (
      `${quote(glob)} has a '${brace}' that is not part of a list like {a,b} (a list needs a matching '}' and a ','); ` +
      `write '\\${brace}' to match '${brace}' literally`
    );
  }
  const alternatives = expandBraces(glob);
  if (alternatives === undefined) return `${quote(glob)} expands to more than ${MAX_EXPANSIONS} globs; split it into several entries`;
  for (const alternative of alternatives) {
    const problem = linePredicate(alternative);
    if (problem === undefined) continue;
    return alternative === glob ? `${quote(glob)} ${problem}` : `${quote(glob)} expands to ${quote(alternative)}, which ${problem}`;
  }
  return undefined;
}

/** The glob with escapes replaced by the escaped character and bracket expressions by `x`: its plain structure. */
function plainShape(glob: string): string {
  let shape = '';
  for (let i = 0; i < glob.length; ) {
    if (glob[i] === '\\') {
      shape += glob[i + 1] ?? '';
      i += 2;
    } else if (glob[i] === '[') {
      const bracket = readBracket(glob, i);
      shape += bracket.ok ? 'x' : '[';
      i = bracket.ok ? bracket.end : i + 1;
    } else {
      shape += glob[i];
      i += 1;
    }
  }
  return shape;
}

/** What is wrong with one glob after brace expansion, as a phrase following the glob. */
function linePredicate(line: string): string | undefined {
  if (line === '') return 'is empty, and an empty glob matches nothing';
  if (line.startsWith('#')) {
    return "starts with '#', which makes a .gitignore line a comment; write '\\#' to match a name that starts with '#'";
  }
  if (line.startsWith('!')) {
    return (
      "starts with '!', which negates a .gitignore line and is not supported here; list exclusions under scope.ignore, " +
      "or write '\\!' to match a name that starts with '!'"
    );
  }
  if (trimTrailingSpaces(line) !== line) {
    return "ends with a space, which git drops from a .gitignore line; remove it, or write '\\ ' if the name really ends with a space";
  }
  const dotted = /^(\.\/)+/.exec(line);
  if (dotted !== null) {
    const relative = line.slice(dotted[0].length);
    return `starts with './'; globs match repository-relative paths` + (relative === '' ? '' : `, so write ${quote(relative)}`);
  }
  if (line === '/') return "matches nothing (git reads a lone '/' as a directory with an empty name); write '**' to match every path";
  if (line.startsWith('//')) {
    return `starts with '//', which matches nothing (one leading '/' anchors a glob at the root); write ${quote(line.replace(/^\/+/, '/'))}`;
  }
  const body = line.endsWith('/') ? line.slice(0, -1) : line;
  if (/(^|[^\\])(\\\\)*\\$/.test(body)) {
    return "ends with a '\\' that escapes nothing, so it matches nothing; remove the '\\' (directories are separated with '/')";
  }
  const bracket = bracketProblem(line);
  if (bracket !== undefined) return bracket;
  const shape = plainShape(line);
  if (shape.includes('//')) return "contains '//', which no path does, so it matches nothing; write a single '/'";
  if (shape.split('/').some((segment) => segment === '.' || segment === '..')) {
    return "has a '.' or '..' segment, which no repository-relative path does, so it matches nothing; write the path without it";
  }
  return undefined;
}

function bracketProblem(line: string): string | undefined {
  for (let i = 0; i < line.length; ) {
    if (line[i] === '\\') {
      i += 2;
      continue;
    }
    if (line[i] !== '[') {
      i += 1;
      continue;
    }
    const bracket = readBracket(line, i);
    if (!bracket.ok) {
      if (bracket.reason === 'unclosed') {
        return "has a '[' without a closing ']', so it matches nothing; write '\\[' to match '[' literally";
      }
      return (
        `has '[:${bracket.reason.unknownClass}:]', which is not a character class, so it matches nothing; ` +
        `the classes are ${CLASSES} (write '\\[' to match '[' literally)`
      );
    }
    if (bracket.backwards !== undefined) {
      const { high, low } = bracket.backwards;
      return (
        `has the range ${quote(`${high}-${low}`)}, which runs backwards and adds no character (git still matches its first, ${quote(high)}); ` +
        `write ${quote(`${low}-${high}`)}`
      );
    }
    if (bracketBytes(bracket).length === 0) {
      const text = line.slice(i, bracket.end);
      return bracket.members[0x2f] && !bracket.negated
        ? `has ${quote(text)}, which matches nothing: a bracket never matches the '/' between directories; write '/' without brackets`
        : `has ${quote(text)}, which matches no character, so the glob matches nothing; write a range from the lower character to the higher, e.g. [a-z]`;
    }
    i = bracket.end;
  }
  return undefined;
}
