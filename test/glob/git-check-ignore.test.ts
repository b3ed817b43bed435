/**
 * Differential test: every glob below, against every path below, must match
 * exactly when the real `git check-ignore --no-index` says a `.gitignore`
 * holding that glob ignores the path. A `{a,b}` list (not git syntax) is given
 * to git as its expanded lines, which ignore a path when any of them does.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { globProblem } from '../../src/contract/glob-problems.js';
import { anyGlobRegex, compileGlob, GlobSet } from '../../src/evaluate/glob-set.js';
import { expandBraces } from '../../src/glob/braces.js';
import { byteString } from '../../src/glob/wildmatch.js';
import { SeededRandom } from '../../src/bench/random.js';
import { GitCheckIgnore } from '../support/git-check-ignore.js';

/** The traps from issue 11, and the rules of a .gitignore line one by one. */
const TRAPS = [
  'report (1).txt', 'data (copy)/**', 'x|y', '*.(onnx|pt)', '@(foo)', 'foo/!(bar)', '+(a)', 'a+b', '!(bar)',
  'foo/**', '/', '//foo', '**/', 'foo/**/', 'file\\d.csv', '\\a\\b\\c', 'foo[/]bar', '\\[ab]', '[ab]',
  '[[:alpha:]]*', '[[:digit:]]*', '[!a]*', '[^a]*', '{foo,bar}/**', '*.{yml,yaml}', '{a,{b,c}}', '{,src/}models/**',
  'models', 'models/', '/models', '/models/', 'models/*', '**/models/**', '**', '***', '*', '/*', '*/', '/**', '**/**',
  'foo/**/bar', 'foo/**bar', 'foo**', '**foo', 'a/**/**/b', 'a/**\\/b', 'foo/***/bar', 'foo/*/bar', 'foo/*',
  '\\!important', '\\#notes', '#notes', '!foo', 'foo\\ ', 'foo  ', 'foo\\', 'foo\\/', 'foo//', 'a//b', 'foo/./bar',
  '[z-a]', '[a-', 'ab[', '[[:spaci:]]', 'é*', 'caf?', 'caf??', '?', '??', '*/*.py', 'deploy/k8s/*.yaml', '.github/',
  '.*', '*.md', 'docs/*.md', '[.]git*', 'foo/bar', 'bar', 'b*r', 'f?o/b?r', 'foo/b*', '*/bar', '**/bar',
  '**/bar/*', 'data/[a-z]?/*', '[]]x', '[!]]x', 'x[\\]]', '*[!.]*', '*\\**', '\\*', 'a\\?c', '[*]', '[?]x',
  '\\{a,b\\}', '{a\\,b,c}', 'm.[o]nnx', '**/*.onnx', '/**/x.py', 'foo/**/*', 'foo/*/', '*/', '*/*', '*/*/',
];

const PATHS = [
  'foo', 'bar', 'foo/bar', 'foo/bar/baz', 'foo/x.py', 'a/foo/bar.py', 'a/foo', 'a/foo/b', 'foo/x/bar', 'foo/a/b/bar',
  'foobar', 'foo/barbaz', 'barfoo/x', 'report (1).txt', 'docs/report (1).txt', 'data (copy)/x.csv', 'data/x.csv',
  'data/ab/c.csv', 'data/a/c.csv', 'x|y', 'xy', 'm.(onnx|pt)', 'm.onnx', 'w/m.onnx', 'm.pt', '@(foo)', 'foo/!(bar)',
  '!(bar)', 'foo/baz', '+(a)', 'a', 'aa', 'a+b', 'ab', 'file1.csv', 'filed.csv', 'file\\d.csv', 'abc', 'a\\b\\c',
  '[ab]', 'b', 'x/[ab]', 'foo[/]bar', 'models', 'models/x.onnx', 'models/a/b.onnx', 'src/models/x', 'src/models',
  'modelsx/a', 'x.yml', 'cfg/x.yaml', 'x.yaml.bak', '.github/workflows/ci.yml', '.github', '.gitignore', '.env',
  'x/.hidden/y', 'café/x', 'café', 'cafe', 'é.txt', 'dir/élan', 'foo ', 'foo  ', 'foo\\', '!important', '!foo',
  '#notes', 'x/#notes', 'README.md', 'docs/guide/intro.md', 'docs/x.md', 'deploy/k8s/a.yaml', 'deploy/k8s/b/c.yaml',
  'a/b', 'a/x/b', 'a/x/y/b', 'a/b/c', ']x', 'x]', 'zx', '*x', 'x*y', '*', '?x', 'a?c', 'abc/d', '{a,b}', 'c', '{a,b}/x',
  'a,b', 'x.py', 'src/x.py', 'src/a/x.py', 'x/x.py', 'Foo', 'FOO/bar',
];

/** Generated globs: segments people write, combined at random (seeded), with the anchors and trailers of .gitignore. */
function generatedGlobs(count: number): string[] {
  const random = new SeededRandom(11);
  const segments = ['foo', 'bar', 'a', 'b', '*', '**', '?', 'f?o', 'b*', '*r', '[ab]', '[!f]*', '*.py', '*.md', 'models',
    'x', '(1)', 'x|y', '.github', 'data', '[[:lower:]]*', 'f*o*', '\\*', 'src', '{a,b}', '*.{md,py}', 'caf?', 'é*'];
  const globs = new Set<string>();
  while (globs.size < count) {
    const parts = Array.from({ length: random.int(1, 3) }, () => random.pick(segments));
    globs.add(`${random.pick(['', '', '/', '**/'])}${parts.join('/')}${random.pick(['', '', '/', '/**', '/*'])}`);
  }
  return [...globs];
}

const git = new GitCheckIgnore();
afterAll(() => git.remove());

function ours(glob: string, path: string): boolean {
  return anyGlobRegex([glob]).test(byteString(path));
}

describe('globs against git check-ignore', () => {
  const globs = [...new Set([...TRAPS, ...generatedGlobs(220)])];

  it(`matches exactly what git ignores (${globs.length} globs × ${PATHS.length} paths)`, () => {
    const disagreements: string[] = [];
    let cases = 0;
    for (const glob of globs) {
      const expected = git.ignored(expandBraces(glob) ?? [], PATHS);
      PATHS.forEach((path, index) => {
        cases += 1;
        if (ours(glob, path) !== expected[index]) disagreements.push(`${JSON.stringify(glob)} on ${JSON.stringify(path)}: git ${expected[index]}`);
      });
      // A glob the contract accepts compiles, and its indexed set answers the same.
      const compiled = compileGlob(glob);
      if (compiled.ok) {
        const set = new GlobSet([compiled.compiled]);
        PATHS.forEach((path, index) => {
          if (set.matches(path) !== expected[index]) disagreements.push(`GlobSet ${JSON.stringify(glob)} on ${JSON.stringify(path)}: git ${expected[index]}`);
        });
        if (set.matchedBy(PATHS)[0] !== expected.some(Boolean)) disagreements.push(`GlobSet.matchedBy ${JSON.stringify(glob)}`);
      }
    }
    expect(cases).toBeGreaterThan(10_000);
    expect(disagreements).toEqual([]);
  });

  it('refuses as matching nothing only globs that git never matches', () => {
    const saidNothing = globs.filter((g) => /matches nothing|matches no character/.test(globProblem(g) ?? ''));
    expect(saidNothing).toEqual(expect.arrayContaining(['/', '//foo', 'foo[/]bar', 'foo\\', 'a//b', 'ab[', '[[:spaci:]]']));
    for (const glob of saidNothing) expect([glob, git.ignored(expandBraces(glob) ?? [], PATHS).some(Boolean)]).toEqual([glob, false]);
  });

  it('reads every POSIX class, byte by byte, as git does', () => {
    const bytes = Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)).filter((c) => c !== '/');
    const paths = [...bytes.map((c) => `x${c}`), 'xé', 'xÿ', 'x€'];
    for (const name of ['alnum', 'alpha', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'xdigit']) {
      for (const glob of [`x[[:${name}:]]`, `x[![:${name}:]]`, `x[[:${name}:]]*`]) {
        const expected = git.ignored([glob], paths);
        expect(paths.filter((p, i) => ours(glob, p) !== expected[i])).toEqual([]);
      }
    }
  });

  it('matches non-ASCII names byte by byte, as git does', () => {
    const paths = ['é', 'e', 'éé', 'ée', 'x/é/y', '€', 'a€b', 'ab'];
    for (const glob of ['?', '??', '???', 'é', '[é]', '[!é]', '*é*', 'a?b', 'a???b', 'a*b', '€', '[[:alpha:]]']) {
      const expected = git.ignored([glob], paths);
      expect([glob, paths.filter((p, i) => ours(glob, p) !== expected[i])]).toEqual([glob, []]);
    }
  });
});
