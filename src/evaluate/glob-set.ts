/**
 * Gitignore-style glob matching, compiled once per contract and indexed so
 * that a pull request with thousands of changed files is matched quickly.
 *
 * Semantics (SPEC §1, "gitignore-style"), on repository-relative paths,
 * case-sensitive, with dot files matched like any other:
 * - a glob with no `/` except a trailing one matches at any depth (`*.md`);
 * - a leading `/` anchors the glob at the repository root (`/Dockerfile`);
 * - a trailing `/` matches only what is inside that directory (`models/`);
 * - a glob that matches a directory matches everything inside it
 *   (`models` and `models/*` both cover `models/a/b.onnx`), as in `.gitignore`.
 */
import picomatch from 'picomatch';

// makeRe and scan (unlike picomatch() itself) never switch to Windows separators.
// `debug` makes a glob picomatch cannot translate throw, instead of silently
// becoming a regex that matches only the empty string.
const PICOMATCH_OPTIONS = { dot: true, debug: true } as const;

export interface CompiledGlob {
  /** The glob as written in the contract. */
  glob: string;
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

/** Rewrites a gitignore-style glob into the picomatch globs that together mean the same. */
function toPicomatchGlobs(glob: string): string[] {
  let body = glob;
  const anchored = body.startsWith('/');
  if (anchored) body = body.replace(/^\/+/, '');
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.replace(/\/+$/, '');
  if (body === '') return ['**'];
  if (!anchored && !body.includes('/')) body = `**/${body}`;
  // `dir/**` would also match a file named `dir`; `dir/**/*` needs something inside.
  if (directoryOnly) return [`${body}/**/*`];
  if (body === '**' || body.endsWith('/**')) return [body];
  return [body, `${body}/**`];
}

/**
 * The leading run of plain segments of a picomatch glob: every path it matches
 * starts with them. (picomatch.scan is not used for this: it calls `{a}/**`
 * literal.) Anything picomatch might read specially ends the run, so the base
 * can only be too short, which costs time, never matches.
 */
function staticBase(picomatchGlob: string): string {
  if (picomatchGlob.startsWith('!') || picomatchGlob.startsWith('./')) return '';
  const plain: string[] = [];
  for (const segment of picomatchGlob.split('/')) {
    if (segment === '' || segment === '.' || segment === '..' || /[*?[\]{}()!+@\\"']/.test(segment)) break;
    plain.push(segment);
  }
  return plain.join('/');
}

const PLAIN_BRACES = /\{([^{}\\]*,[^{}\\]*)\}/;
const MAX_EXPANSIONS = 32;

/**
 * The globs a `{a,b}` list stands for, so that `{models,serving}/**` is
 * indexed under both directories. Only lists of non-empty alternatives are
 * expanded, and only in globs without escapes, classes, extglobs or quotes
 * (whose own syntax could hold a brace or a comma); anything else stays as
 * written and is indexed by whatever literal prefix comes before it.
 */
function braceAlternatives(glob: string): string[] {
  if (/[\\[("']/.test(glob)) return [glob];
  let globs = [glob];
  for (let round = 0; round < MAX_EXPANSIONS; round += 1) {
    const next: string[] = [];
    for (const g of globs) {
      const group = PLAIN_BRACES.exec(g);
      const alternatives = group?.[1]?.split(',');
      if (!group || !alternatives || alternatives.some((a) => a === '' || a.includes('..'))) {
        next.push(g);
        continue;
      }
      for (const a of alternatives) next.push(g.slice(0, group.index) + a + g.slice(group.index + group[0].length));
    }
    if (next.length === globs.length || next.length > MAX_EXPANSIONS) return next.length > MAX_EXPANSIONS ? [glob] : globs;
    globs = next;
  }
  return [glob];
}

function indexBases(parts: readonly string[]): string[] {
  const bases = new Set(parts.flatMap(braceAlternatives).map(staticBase));
  return bases.has('') ? [''] : [...bases];
}

/**
 * The longest run of plain characters in the glob. Segments with escapes,
 * classes, braces, extglobs or quotes are left out, and so are `.` and `..`,
 * which picomatch may drop: what remains appears verbatim in every matching path.
 */
function requiredLiteral(glob: string): string {
  let longest = '';
  for (const segment of glob.split('/')) {
    if (segment === '.' || segment === '..' || /[\\[\]{}()!+@"']/.test(segment)) continue;
    for (const piece of segment.split(/[*?]+/)) if (piece.length > longest.length) longest = piece;
  }
  return longest;
}

export function compileGlob(glob: string): GlobCompilation {
  try {
    const parts = toPicomatchGlobs(glob);
    const sources = parts.map((part) => picomatch.makeRe(part, PICOMATCH_OPTIONS).source);
    const regex = new RegExp(sources.map((s) => `(?:${s})`).join('|'));
    return { ok: true, compiled: { glob, regex, bases: indexBases(parts), literal: requiredLiteral(glob) } };
  } catch (error) {
    return { ok: false, glob, error: error instanceof Error ? error.message : String(error) };
  }
}

export function globMatches(glob: CompiledGlob, path: string): boolean {
  return (glob.literal === '' || path.includes(glob.literal)) && glob.regex.test(path);
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

  private matchesWith(path: string, cache?: BucketCache): boolean {
    for (const bucket of this.bucketsFor(path, cache)) {
      for (const index of bucket) {
        const glob = this.globs[index];
        if (glob && globMatches(glob, path)) return true;
      }
    }
    return false;
  }

  /** Whether `path` matches at least one glob. */
  matches(path: string): boolean {
    return this.matchesWith(path);
  }

  /**
   * A test for many questions in a row (one evaluation), which remembers its
   * answers and shares the walk between the files of a directory.
   */
  matcher(): (path: string) => boolean {
    const cache: BucketCache = { directories: new Map() };
    const answers = new Map<string, boolean>();
    return (path) => {
      let answer = answers.get(path);
      if (answer === undefined) {
        answer = this.matchesWith(path, cache);
        answers.set(path, answer);
      }
      return answer;
    };
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
      for (const bucket of this.bucketsFor(path, cache)) {
        for (const index of bucket) {
          const glob = this.globs[index];
          if (matched[index] || !glob || !globMatches(glob, path)) continue;
          matched[index] = true;
          remaining -= 1;
        }
      }
    }
    return matched;
  }
}
