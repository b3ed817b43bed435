/**
 * `{a,b}` lists, the one addition to git's glob syntax, expanded before
 * anything else: `{models,serving}/**` is the two globs `models/**` and
 * `serving/**`, and matches what either matches.
 *
 * - A list is a `{`, alternatives separated by `,`, and its matching `}`;
 *   lists nest (`x/{a,{b,c}}`), alternatives may be empty (`{,src/}models/**`),
 *   and there are no ranges (`{1..3}` is not a list).
 * - A `\` escapes the next character here too: `\{`, `\}` and `\,` are never
 *   list syntax. The `\` is kept, so the matcher then reads the character
 *   literally.
 * - A bracket expression (`[{,]`) is one character of the glob: braces and
 *   commas inside it are not list syntax.
 * - A brace that is not part of a list (`{a}`, a lone `{`) is left as written,
 *   a literal character to git (validation refuses it as a likely mistake).
 */
import { readBracket } from './wildmatch.js';

export const MAX_EXPANSIONS = 64;

interface List {
  open: number;
  close: number;
  /** Indices of the commas that separate the alternatives. */
  commas: number[];
}

/** The index after the bracket expression or escape at `i`, or `i + 1` for any other character. */
function skip(glob: string, i: number): number {
  const c = glob[i];
  if (c === '\\') return i + 2;
  if (c === '[') {
    const bracket = readBracket(glob, i);
    if (bracket.ok) return bracket.end;
  }
  return i + 1;
}

/** The list opened by the `{` at `open`, if it is one: a matching `}` and a comma of its own. */
function listAt(glob: string, open: number): List | undefined {
  const commas: number[] = [];
  let depth = 0;
  for (let i = open + 1; i < glob.length; i = skip(glob, i)) {
    const c = glob[i];
    if (c === '{') depth += 1;
    else if (c === '}') {
      if (depth === 0) return commas.length > 0 ? { open, close: i, commas } : undefined;
      depth -= 1;
    } else if (c === ',' && depth === 0) commas.push(i);
  }
  return undefined;
}

/** The first list in the glob, if any. */
export function firstList(glob: string): List | undefined {
  for (let i = 0; i < glob.length; i = skip(glob, i)) {
    if (glob[i] !== '{') continue;
    const list = listAt(glob, i);
    if (list) return list;
  }
  return undefined;
}

/** The `{` or `}` of the glob that is not part of a list, if any (by index). */
export function strayBrace(glob: string): number | undefined {
  const inLists = new Set<number>();
  const mark = (from: number, to: number) => {
    for (let i = from; i < to; i = skip(glob, i)) {
      if (glob[i] !== '{') continue;
      const list = listAt(glob, i);
      if (!list) continue;
      inLists.add(list.open);
      inLists.add(list.close);
      let start = list.open + 1;
      for (const comma of [...list.commas, list.close]) {
        mark(start, comma);
        start = comma + 1;
      }
      i = list.close;
    }
  };
  mark(0, glob.length);
  for (let i = 0; i < glob.length; i = skip(glob, i)) {
    if ((glob[i] === '{' || glob[i] === '}') && !inLists.has(i)) return i;
  }
  return undefined;
}

/** The globs a glob stands for, in order, or undefined when there would be more than MAX_EXPANSIONS. */
export function expandBraces(glob: string): string[] | undefined {
  const done: string[] = [];
  const pending = [glob];
  while (pending.length > 0) {
    const next = pending.shift() ?? '';
    const list = firstList(next);
    if (!list) {
      done.push(next);
      continue;
    }
    const before = next.slice(0, list.open);
    const after = next.slice(list.close + 1);
    let start = list.open + 1;
    const alternatives: string[] = [];
    for (const comma of [...list.commas, list.close]) {
      alternatives.push(before + next.slice(start, comma) + after);
      start = comma + 1;
    }
    pending.unshift(...alternatives);
    if (done.length + pending.length > MAX_EXPANSIONS) return undefined;
  }
  return done;
}
