/**
 * Globs compiled once per contract and indexed, so that a pull request with
 * thousands of changed files is matched quickly.
 *
 * A glob matches a repository-relative file path exactly as a line of a
 * root `.gitignore` does in git (src/glob/gitignore-line.ts), after its
 * `{a,b}` lists are expanded (src/glob/braces.ts); a glob the contract
 * validation refuses (src/contract/glob-problems.ts) does not compile.
 */
import { globProblem } from '../contract/glob-problems.js';
import { expandBraces } from '../glob/braces.js';
import { gitignoreLineSource, readGitignoreLine } from '../glob/gitignore-line.js';
import { byteString, readBracket } from '../glob/wildmatch.js';
import type { GroupCounter } from '../glob/wildmatch.js';

export interface CompiledGlob {
  /** The glob as written in the contract. */
  glob: string;
  /** Tested on the path's UTF-8 bytes (see byteString). */
  regex: RegExp;
  /**
   * Directories one of which every matching path lies in (or is), e.g. `models`
   * for `models/**`, `a` and `b` for `{a,b}/**`; `['']` when the glob can match
   * anywhere. Used only to skip globs that cannot match.
   */
  bases: string[];
  /** Text every matching path contains (`.onnx` for `*.onnx`), or `''`: a cheap test before the regex. */
  literal: string;
}

export type GlobCompilation = { ok: true; compiled: CompiledGlob } | { ok: false; glob: string; error: string };

const SPECIAL = /[*?[\\]/;

/** The leading plain path segments of one expanded glob: every path it matches lies in (or is) them. */
function staticBase(line: string): string {
  const read = readGitignoreLine(line);
  if (read.anyDepth) return '';
  const plain: string[] = [];
  for (const segment of read.pattern.split('/')) {
    if (segment === '' || SPECIAL.test(segment)) break;
    plain.push(segment);
  }
  return plain.join('/');
}

/**
 * The longest run of plain characters of one expanded glob, without `/` (a
 * `**\/` may stand for no directory at all): every matching path contains it.
 */
function requiredLiteral(line: string): string {
  const { pattern } = readGitignoreLine(line);
  let longest = '';
  let run = '';
  const end = () => {
    if (run.length > longest.length) longest = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? '';
    if (c === '\\' && i + 1 < pattern.length) {
      i += 1;
      if (pattern[i] === '/') end();
      else run += pattern[i];
    } else if (c === '[') {
      end();
      const bracket = readBracket(pattern, i);
      if (bracket.ok) i = bracket.end - 1;
    } else if (c === '*' || c === '?' || c === '/' || c === '\\') end();
    else run += c;
  }
  end();
  return longest;
}

/**
 * The RegExp source of a valid glob, one alternative per expanded glob, to be
 * anchored with `^` by the caller (an anchor outside the alternatives lets the
 * engine try the path's start only). Groups are numbered from `groups`.
 */
export function globSource(glob: string, groups: GroupCounter): string {
  const sources = (expandBraces(glob) ?? []).flatMap((line) => {
    const source = gitignoreLineSource(line, groups);
    return source === undefined ? [] : [source];
  });
  return sources.length === 0 ? '(?!)' : sources.join('|');
}

/** One RegExp that matches a path's byte string when any of the globs matches the path. */
export function anyGlobRegex(globs: readonly string[]): RegExp {
  const groups = { count: 0 };
  return new RegExp(globs.length === 0 ? '(?!)' : `^(?:${globs.map((g) => globSource(g, groups)).join('|')})`);
}

export function compileGlob(glob: string): GlobCompilation {
  const problem = globProblem(glob);
  if (problem !== undefined) return { ok: false, glob, error: problem };
  const lines = expandBraces(glob) ?? [];
  const regex = anyGlobRegex([glob]);
  const bases = new Set(lines.map(staticBase));
  const literal = lines.length === 1 ? requiredLiteral(lines[0] ?? '') : '';
  return { ok: true, compiled: { glob, regex, bases: bases.has('') ? [''] : [...bases], literal } };
}

/** `bytes` is byteString(path), computed once per path by callers that test many globs. */
function matchesBytes(glob: CompiledGlob, path: string, bytes: string): boolean {
  return (glob.literal === '' || path.includes(glob.literal)) && glob.regex.test(bytes);
}

export function globMatches(glob: CompiledGlob, path: string): boolean {
  return matchesBytes(glob, path, byteString(path));
}

/** A directory level of the bucket tree: the globs based exactly here, and the levels below. */
interface BaseNode {
  bucket?: number[];
  children?: Map<string, BaseNode>;
}

interface DirectoryBuckets {
  buckets: number[][];
  node: BaseNode | undefined;
}

interface BucketCache {
  directories: Map<string, DirectoryBuckets>;
  last?: { directory: string; found: DirectoryBuckets };
}

/**
 * A list of compiled globs, bucketed by static base directory in a tree of
 * path segments: a path is tested only against globs whose base is one of its
 * ancestors (or itself), found by walking its segments down from the root.
 */
export class GlobSet {
  readonly globs: readonly CompiledGlob[];
  private readonly root: BaseNode = {};
  private any: ((path: string, bytes: string) => boolean) | undefined;

  constructor(globs: readonly CompiledGlob[]) {
    this.globs = globs;
    globs.forEach((glob, index) => {
      for (const base of glob.bases) {
        let node = this.root;
        for (const segment of base === '' ? [] : base.split('/')) {
          node.children ??= new Map();
          let child = node.children.get(segment);
          if (!child) {
            child = {};
            node.children.set(segment, child);
          }
          node = child;
        }
        (node.bucket ??= []).push(index);
      }
    });
  }

  /** The buckets based at the root and along `directory`, and the tree node of `directory` itself, if any. */
  private directoryBuckets(directory: string): DirectoryBuckets {
    const buckets: number[][] = [];
    let node: BaseNode | undefined = this.root;
    if (node.bucket) buckets.push(node.bucket);
    for (let start = 0; directory !== '' && node; ) {
      const slash = directory.indexOf('/', start);
      node = node.children?.get(slash === -1 ? directory.slice(start) : directory.slice(start, slash));
      if (node?.bucket) buckets.push(node.bucket);
      if (slash === -1) break;
      start = slash + 1;
    }
    return { buckets, node };
  }

  /**
   * The buckets of globs that could match `path`. `cache` shares the walk
   * between the files of one directory, which pull requests have many of, and
   * which come one after another in GitHub's (sorted) file lists.
   */
  private bucketsFor(path: string, cache?: BucketCache): readonly number[][] {
    const slash = path.lastIndexOf('/');
    const last = cache?.last;
    let found: DirectoryBuckets | undefined;
    // Comparing with the previous directory in place avoids cutting and hashing a string per file.
    if (last && (slash === -1 ? last.directory === '' : slash === last.directory.length && path.startsWith(last.directory))) {
      found = last.found;
    } else {
      const directory = slash === -1 ? '' : path.slice(0, slash);
      found = cache?.directories.get(directory);
      if (!found) {
        found = this.directoryBuckets(directory);
        cache?.directories.set(directory, found);
      }
      if (cache) cache.last = { directory, found };
    }
    // A glob based at a file's own path (`/Dockerfile`) sits one level below its directory.
    const own = found.node?.children?.get(path.slice(slash + 1))?.bucket;
    return own ? [...found.buckets, own] : found.buckets;
  }

  /**
   * For "does any glob match?": the globs based in a directory go into one
   * RegExp, which rejects a path at its first characters (as fast as that
   * question gets, the benchmark's floor); a glob that can match anywhere
   * (`**\/*.md`) would make that RegExp try every directory of every path, so
   * it is tested on its own, after the cheap test for its literal text.
   */
  private anyTest(): (path: string, bytes: string) => boolean {
    if (!this.any) {
      const based = anyGlobRegex(this.globs.filter((g) => !g.bases.includes('')).map((g) => g.glob));
      const anywhere = this.globs.filter((g) => g.bases.includes(''));
      this.any = (path, bytes) => based.test(bytes) || anywhere.some((g) => matchesBytes(g, path, bytes));
    }
    return this.any;
  }

  /** Whether `path` matches at least one glob. */
  matches(path: string): boolean {
    return this.anyTest()(path, byteString(path));
  }

  /** A test for many questions in a row (one evaluation). */
  matcher(): (path: string) => boolean {
    const any = this.anyTest();
    return (path) => any(path, byteString(path));
  }

  /**
   * For each glob (by index), whether at least one of `paths` matches it. A glob
   * is not tested again once it has matched, and the scan stops when all have.
   */
  matchedBy(paths: Iterable<string>): boolean[] {
    const matched = new Array<boolean>(this.globs.length).fill(false);
    let remaining = this.globs.length;
    const cache: BucketCache = { directories: new Map() };
    for (const path of paths) {
      if (remaining === 0) break;
      const bytes = byteString(path);
      for (const bucket of this.bucketsFor(path, cache)) {
        for (const index of bucket) {
          const glob = this.globs[index];
          if (matched[index] || !glob || !matchesBytes(glob, path, bytes)) continue;
          matched[index] = true;
          remaining -= 1;
        }
      }
    }
    return matched;
  }
}
