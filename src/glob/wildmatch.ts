/**
 * git's wildmatch with WM_PATHNAME (what a `.gitignore` line uses), compiled
 * to one JavaScript RegExp. Written from git's documented behaviour and its
 * t3070 test vectors, not translated from its C code.
 *
 * git compares bytes, so patterns and paths are matched as UTF-8 bytes, each
 * held in one UTF-16 unit of a "byte string" (`?` matches one byte, as in git).
 *
 * The RegExp never backtracks badly: git's matcher commits to the leftmost
 * place for a piece after a `*` (a piece between two stars has a fixed length,
 * so the leftmost place is always the best one), and so does this one, through
 * a lookahead whose capture is then consumed (`(?=(x))\1`, which JavaScript
 * cannot undo). Without that, a glob like `*a*a*a*a*b` on a long name chosen by
 * a pull request author would take exponential time.
 */

/** A path or pattern as UTF-8 bytes, one byte per UTF-16 unit. */
export function byteString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

const SLASH = 0x2f;

type Token =
  | { kind: 'byte'; code: number }
  | { kind: 'one' } // `?`
  | { kind: 'set'; source: string } // `[...]`, already without `/`
  | { kind: 'star' } // `*`: any bytes but `/`
  | { kind: 'dirs' } // `**/` after `/` or at the start: nothing, or anything that ends in `/`
  | { kind: 'all' }; // `**` after `/` or at the start, before the end or `\/`: anything

const POSIX_CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => isDigit(c) || isAlpha(c),
  alpha: (c) => isAlpha(c),
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: (c) => isDigit(c),
  graph: (c) => c > 0x20 && c < 0x7f,
  lower: (c) => c >= 0x61 && c <= 0x7a,
  print: (c) => c >= 0x20 && c < 0x7f,
  punct: (c) => c > 0x20 && c < 0x7f && !isDigit(c) && !isAlpha(c),
  // git's own ctype: tab, line feed, carriage return and space (not \v or \f).
  space: (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d,
  upper: (c) => c >= 0x41 && c <= 0x5a,
  xdigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export const POSIX_CLASS_NAMES = Object.keys(POSIX_CLASSES);

/** A bracket expression as git reads it. */
export type BracketExpression =
  | {
      ok: true;
      /** index just after the closing `]` */
      end: number;
      negated: boolean;
      members: boolean[];
      /** The first range written high to low (`z-a`), which adds nothing. */
      backwards?: { high: string; low: string };
    }
  | { ok: false; /** `unclosed`, or the unknown name of a `[:name:]` */ reason: 'unclosed' | { unknownClass: string } };

/**
 * Reads the bracket expression whose `[` is at `open`, by git's rules: a `]`
 * right after `[`, `[!` or `[^` is a member; `\` escapes; `a-z` is a range unless
 * `-` comes first or last (or right after a range or class); `[:name:]` is a
 * class, and `[:` without a closing `:]` is a plain `[`. Works on any string of
 * char codes: the structure depends only on ASCII delimiters.
 */
export function readBracket(pattern: string, open: number): BracketExpression {
  const members = new Array<boolean>(256).fill(false);
  const add = (code: number) => {
    if (code < 256) members[code] = true;
  };
  const at = (i: number) => (i < pattern.length ? pattern.charCodeAt(i) : 0);
  let i = open + 1;
  let ch = at(i);
  const negated = ch === 0x21 /* ! */ || ch === 0x5e; /* ^ */
  if (negated) ch = at(++i);
  let previous = 0;
  let backwards: { high: string; low: string } | undefined;
  do {
    if (ch === 0) return { ok: false, reason: 'unclosed' };
    if (ch === 0x5c /* \ */) {
      ch = at(++i);
      if (ch === 0) return { ok: false, reason: 'unclosed' };
      add(ch);
    } else if (ch === 0x2d /* - */ && previous !== 0 && at(i + 1) !== 0 && at(i + 1) !== 0x5d) {
      ch = at(++i);
      if (ch === 0x5c) {
        ch = at(++i);
        if (ch === 0) return { ok: false, reason: 'unclosed' };
      }
      for (let c = previous; c <= ch; c += 1) add(c);
      if (previous > ch) backwards ??= { high: String.fromCharCode(previous), low: String.fromCharCode(ch) };
      ch = 0; // a range cannot start a range
    } else if (ch === 0x5b /* [ */ && at(i + 1) === 0x3a /* : */) {
      const start = i + 2;
      let close = start;
      while (at(close) !== 0 && at(close) !== 0x5d) close += 1;
      if (at(close) === 0) return { ok: false, reason: 'unclosed' };
      if (close - start - 1 < 0 || at(close - 1) !== 0x3a) {
        // No `:]`: the `[` is an ordinary member and reading goes on after it.
        add(0x5b);
        previous = 0x5b;
        ch = at(++i);
        continue;
      }
      const name = pattern.slice(start, close - 1);
      const test = POSIX_CLASSES[name];
      if (test === undefined) return { ok: false, reason: { unknownClass: name } };
      for (let c = 1; c < 256; c += 1) if (test(c)) add(c);
      i = close;
      ch = 0;
    } else {
      add(ch);
    }
    previous = ch;
    ch = at(++i);
  } while (ch !== 0x5d /* ] */);
  return backwards === undefined ? { ok: true, end: i + 1, negated, members } : { ok: true, end: i + 1, negated, members, backwards };
}

/** The bytes (never `/`, never NUL) a bracket expression matches. */
export function bracketBytes(bracket: { negated: boolean; members: boolean[] }): number[] {
  const bytes: number[] = [];
  for (let c = 1; c < 256; c += 1) if (c !== SLASH && bracket.members[c] !== bracket.negated) bytes.push(c);
  return bytes;
}

function hex(code: number): string {
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

function byteSource(code: number): string {
  return /[A-Za-z0-9_]/.test(String.fromCharCode(code)) ? String.fromCharCode(code) : hex(code);
}

function setSource(bytes: readonly number[]): string {
  if (bytes.length === 0) return '(?!)';
  const ranges: string[] = [];
  for (let k = 0; k < bytes.length; ) {
    let end = k;
    while (end + 1 < bytes.length && bytes[end + 1] === (bytes[end] ?? 0) + 1) end += 1;
    const from = bytes[k] ?? 0;
    const to = bytes[end] ?? 0;
    ranges.push(from === to ? hex(from) : `${hex(from)}-${hex(to)}`);
    k = end + 1;
  }
  return `[${ranges.join('')}]`;
}

/** The tokens of a pattern (a byte string), or undefined when git's matcher could never match it. */
function tokenize(pattern: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      // A trailing `\` escapes nothing, and git then matches nothing.
      if (i + 1 >= pattern.length) return undefined;
      tokens.push({ kind: 'byte', code: pattern.charCodeAt(i + 1) });
      i += 2;
    } else if (c === 0x3f /* ? */) {
      tokens.push({ kind: 'one' });
      i += 1;
    } else if (c === 0x5b /* [ */) {
      // An unclosed bracket or an unknown class makes git give up on the whole pattern.
      const bracket = readBracket(pattern, i);
      if (!bracket.ok) return undefined;
      tokens.push({ kind: 'set', source: setSource(bracketBytes(bracket)) });
      i = bracket.end;
    } else if (c === 0x2a /* * */) {
      let end = i;
      while (pattern.charCodeAt(end) === 0x2a) end += 1;
      const next = end < pattern.length ? pattern.charCodeAt(end) : 0;
      const afterSlashOrStart = i === 0 || pattern.charCodeAt(i - 1) === SLASH;
      const beforeSlashOrEnd = next === 0 || next === SLASH || (next === 0x5c && pattern.charCodeAt(end + 1) === SLASH);
      if (end - i >= 2 && afterSlashOrStart && beforeSlashOrEnd) {
        if (next === SLASH) {
          tokens.push({ kind: 'dirs' });
          end += 1;
        } else {
          tokens.push({ kind: 'all' });
        }
      } else {
        // `*`, and a `**` that is not a whole path segment, stop at `/`.
        tokens.push({ kind: 'star' });
      }
      i = end;
    } else {
      tokens.push({ kind: 'byte', code: c });
      i += 1;
    }
  }
  return tokens;
}

/** Numbers capture groups across everything that ends up in one RegExp. */
export interface GroupCounter {
  count: number;
}

function atomic(groups: GroupCounter, inner: () => string): string {
  const n = (groups.count += 1);
  return `(?=(${inner()}))(?:\\${n})`;
}

function fixedSource(tokens: readonly Token[]): string {
  return tokens
    .map((t) => (t.kind === 'byte' ? byteSource(t.code) : t.kind === 'one' ? '[^/]' : t.kind === 'set' ? t.source : ''))
    .join('');
}

/**
 * A run of tokens without `**`: fixed pieces between single stars. Each piece
 * after a star goes at its leftmost place, except the last one of the last run,
 * which must end where `end` allows.
 */
function runSource(tokens: readonly Token[], last: boolean, end: string, groups: GroupCounter): string {
  const pieces: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'star') pieces.push([]);
    else pieces[pieces.length - 1]?.push(t);
  }
  let source = fixedSource(pieces[0] ?? []);
  pieces.slice(1).forEach((piece, index) => {
    if (last && index === pieces.length - 2) source += `[^/]*${fixedSource(piece)}`;
    else source += atomic(groups, () => `[^/]*?${fixedSource(piece)}`);
  });
  return last ? source + end : source;
}

/**
 * The RegExp source (without `^`) that matches what `tokens` match, followed by
 * `end`. The runs between `**` are committed at their leftmost place too, except
 * the last; the one left to backtrack over is then where the last run begins.
 */
function tokensSource(tokens: readonly Token[], end: string, groups: GroupCounter): string {
  const runs: { lead: 'start' | 'dirs' | 'all'; tokens: Token[] }[] = [{ lead: 'start', tokens: [] }];
  for (const t of tokens) {
    if (t.kind === 'dirs' || t.kind === 'all') runs.push({ lead: t.kind, tokens: [] });
    else runs[runs.length - 1]?.tokens.push(t);
  }
  return runs
    .map((run, index) => {
      const last = index === runs.length - 1;
      if (run.lead === 'start') return runSource(run.tokens, last, end, groups);
      if (!last) {
        const lazy = run.lead === 'dirs' ? '(?:[\\s\\S]*?\\/)??' : '[\\s\\S]*?';
        return atomic(groups, () => lazy + runSource(run.tokens, false, end, groups));
      }
      // A trailing `**` takes everything; what must follow it (`/` for a directory) is then checked.
      if (run.lead === 'all' && run.tokens.length === 0) return end === '(?:\\/|$)' ? '' : `[\\s\\S]*${end}`;
      // Whole segments, one at a time: `(?:[\s\S]*\/)?` would try every character as a place to stop.
      return (run.lead === 'dirs' ? '(?:[^/]*\\/)*' : '[\\s\\S]*') + runSource(run.tokens, true, end, groups);
    })
    .join('');
}

export interface WildmatchOptions {
  /** What must follow the match: `$` (the whole text), or a RegExp source such as `(?:\/|$)`. */
  end: string;
  /** Read `**` like `*` (for a glob matched against one path segment, where they are the same). */
  segment?: boolean;
}

/**
 * The RegExp source (without `^`) for `pattern`, a byte string, or undefined
 * when git would never match it (a trailing `\`, an unclosed `[`, an unknown
 * `[:class:]`).
 */
export function wildmatchSource(pattern: string, options: WildmatchOptions, groups: GroupCounter): string | undefined {
  const tokens = tokenize(pattern);
  if (tokens === undefined) return undefined;
  const read = options.segment ? tokens.map((t): Token => (t.kind === 'all' ? { kind: 'star' } : t)) : tokens;
  return tokensSource(read, options.end, groups);
}

/** wildmatch(pattern, text, WM_PATHNAME) == WM_MATCH, as git's test-tool computes it. */
export function wildmatch(pattern: string, text: string): boolean {
  const source = wildmatchSource(byteString(pattern), { end: '$' }, { count: 0 });
  return source !== undefined && new RegExp(`^${source}`).test(byteString(text));
}
