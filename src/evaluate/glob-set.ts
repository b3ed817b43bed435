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
  /**
   * Whether the answer for a path depends only on its directory (`models/**`,
   * `docs/`, `k8s/`), so that one test answers for every file of a directory.
   */
  byDirectory: boolean;
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
 * Whether what one expanded glob matches is decided by a file's directory
 * alone: a line that needs a directory (`docs/`) matches where some directory
 * of the path matches it, and a line ending in `/**` matches everything
 * inside a directory that its start matches; either way the file's own name
 * is never looked at. A line with a `\\` is left out, as an escaped `/` or
 * `*` would need a closer reading than it is worth.
 */
function decidedByDirectory(line: string): boolean {
  const read = readGitignoreLine(line);
  if (read.inert !== undefined) return false;
  if (read.directoryOnly) return true;
  return !read.pattern.includes('\\') && read.pattern.endsWith('/**');
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
  const byDirectory = lines.length > 0 && lines.every(decidedByDirectory);
  return { ok: true, compiled: { glob, regex, bases: bases.has('') ? [''] : [...bases], literal, byDirectory } };
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

/** How the files of one directory are tested, worked out once for the directory. */
interface DirectoryPlan {
  /** Globs whose answer the directory decides: tested once, on the first of its files. */
  byDirectory: number[];
  /** Globs tested on each file. */
  byFile: number[];
  /** The directory's node in the bucket tree, for globs based at a file's own path. */
  node: BaseNode | undefined;
  decided: boolean;
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

  private plan(directory: string): DirectoryPlan {
    const { buckets, node } = this.directoryBuckets(directory);
    const plan: DirectoryPlan = { byDirectory: [], byFile: [], node, decided: false };
    for (const bucket of buckets) {
      for (const index of bucket) (this.globs[index]?.byDirectory ? plan.byDirectory : plan.byFile).push(index);
    }
    return plan;
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
   * The plan of a directory is shared by its files, which pull requests have
   * many of, and which come one after another in GitHub's (sorted) file lists.
   */
  matchedBy(paths: Iterable<string>): boolean[] {
    const matched = new Array<boolean>(this.globs.length).fill(false);
    let remaining = this.globs.length;
    const plans = new Map<string, DirectoryPlan>();
    let directory: string | undefined;
    let plan: DirectoryPlan | undefined;
    const test = (indices: readonly number[], path: string, bytes: string) => {
      for (const index of indices) {
        const glob = this.globs[index];
        if (matched[index] || !glob || !matchesBytes(glob, path, bytes)) continue;
        matched[index] = true;
        remaining -= 1;
      }
    };
    for (const path of paths) {
      if (remaining === 0) break;
      const slash = path.lastIndexOf('/');
      // Comparing with the previous directory in place avoids cutting and hashing a string per file.
      const same = directory !== undefined && (slash === -1 ? directory === '' : slash === directory.length && path.startsWith(directory));
      if (!same || !plan) {
        directory = slash === -1 ? '' : path.slice(0, slash);
        plan = plans.get(directory);
        if (!plan) {
          plan = this.plan(directory);
          plans.set(directory, plan);
        }
      }
      const bytes = byteString(path);
      if (!plan.decided) {
        plan.decided = true;
        test(plan.byDirectory, path, bytes);
      }
      test(plan.byFile, path, bytes);
      // A glob based at a file's own path (`/Dockerfile`) sits one level below its directory.
      const own = plan.node?.children?.get(path.slice(slash + 1))?.bucket;
      if (own) test(own, path, bytes);
    }
    return matched;
  }
}
