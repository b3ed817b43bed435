import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compileGlob, globMatches, GlobSet } from '../../src/evaluate/glob-set.js';
import type { CompiledGlob } from '../../src/evaluate/glob-set.js';
import { byteString } from '../../src/glob/wildmatch.js';

function compiled(glob: string): CompiledGlob {
  const result = compileGlob(glob);
  if (!result.ok) throw new Error(`${glob}: ${result.error}`);
  return result.compiled;
}

function matches(glob: string, path: string): boolean {
  return globMatches(compiled(glob), path);
}

describe('gitignore-style globs', () => {
  it.each([
    ['models/**', 'models/a/b.onnx', true],
    // As in git, `dir/**` needs something inside `dir`: a file named `models` is not matched.
    ['models/**', 'models', false],
    ['models/**', 'modelsx/a', false],
    ['models/**', 'src/models/a', false],
    ['**/*.md', 'README.md', true],
    ['**/*.md', 'docs/deep/x.md', true],
    ['*.md', 'docs/deep/x.md', true],
    ['*.md', 'x.md', true],
    ['/*.md', 'x.md', true],
    ['/*.md', 'docs/x.md', false],
    ['models/', 'models/a.py', true],
    ['models/', 'models', false],
    ['models', 'models/a/b.py', true],
    ['models', 'src/models/b.py', true],
    ['models/*', 'models/a/b.py', true],
    ['serving/*.yaml', 'serving/x.yaml', true],
    ['serving/*.yaml', 'serving/x.yml', false],
    ['{models,serving}/**', 'serving/a', true],
    ['data/?.csv', 'data/a.csv', true],
    ['data/?.csv', 'data/ab.csv', false],
    ['.github/**', '.github/workflows/ci.yml', true],
    ['**/*.md', 'docs/.hidden.md', true],
    ['Models/**', 'models/a', false],
    ['docs/*.md', 'docs/sub/x.md', false],
    // Extglob characters are literal.
    ['report (1).txt', 'report (1).txt', true],
    ['report (1).txt', 'report 1.txt', false],
    ['data (copy)/**', 'data (copy)/x.csv', true],
    ['x|y', 'x|y', true],
    ['x|y', 'x', false],
    ['*.(onnx|pt)', 'm.onnx', false],
    ['*.(onnx|pt)', 'm.(onnx|pt)', true],
    ['@(foo)', 'foo', false],
    ['foo/!(bar)', 'foo/baz', false],
    ['a+b', 'aab', false],
    // `**/` needs a directory; `foo/**/` needs one inside `foo`.
    ['**/', 'root.txt', false],
    ['**/', 'a/b.txt', true],
    ['foo/**/', 'foo/b.txt', false],
    ['foo/**/', 'foo/a/b.txt', true],
    // Backslash escapes the next character, and nothing else.
    ['file\\d.csv', 'file1.csv', false],
    ['file\\d.csv', 'filed.csv', true],
    ['\\a\\b\\c', 'abc', true],
    ['\\[ab]', '[ab]', true],
    ['\\[ab]', 'a', false],
    ['{a\\,b,c}', 'a,b', true],
    ['{a\\,b,c}', 'b', false],
    ['\\{a,b\\}', '{a,b}', true],
  ])('%s against %s is %s', (glob, path, expected) => {
    expect(matches(glob, path)).toBe(expected);
  });

  it('indexes a glob by the directory its matches lie in', () => {
    expect(compiled('models/**').bases).toEqual(['models']);
    expect(compiled('deploy/k8s/*.yaml').bases).toEqual(['deploy/k8s']);
    expect(compiled('*.md').bases).toEqual(['']);
    expect(compiled('{models,serving/api}/**').bases).toEqual(['models', 'serving/api']);
    expect(compiled('x/{a,{b,c}}/**').bases).toEqual(['x/a', 'x/b', 'x/c']);
    expect(compiled('{a,b}{c,d}/**').bases).toEqual(['ac', 'ad', 'bc', 'bd']);
    expect(compiled('x/\\{1..3\\}/**').bases).toEqual(['x']);
    expect(compiled('{a,}/**').bases).toEqual(['']);
    expect(compiled('a\\*b/**').bases).toEqual(['']);
    expect(compiled('/Dockerfile').bases).toEqual(['Dockerfile']);
    expect(compiled('models/').bases).toEqual(['']);
    expect(compiled('/models/').bases).toEqual(['models']);
    expect(compiled('models').bases).toEqual(['']);
    expect(compiled('deploy/[ab]/x').bases).toEqual(['deploy']);
  });

  it('keeps a text every match contains, for a cheap test before the regex', () => {
    expect(compiled('**/*.onnx').literal).toBe('.onnx');
    expect(compiled('data/[abc]xy/*').literal).toBe('data');
    expect(compiled('**/bar').literal).toBe('bar');
    expect(compiled('a\\*bc').literal).toBe('a*bc');
    expect(compiled('*.{yml,yaml}').literal).toBe('');
  });
});

describe('GlobSet', () => {
  const set = new GlobSet(['models/**', 'serving/*.yaml', '**/*.onnx', 'docs/'].map(compiled));

  it('answers whether a path matches any glob', () => {
    expect(set.matches('models/x.py')).toBe(true);
    expect(set.matches('weights/big.onnx')).toBe(true);
    expect(set.matches('serving/app.py')).toBe(false);
    const matches = set.matcher();
    expect(['src/a.ts', 'docs/b.md'].map(matches)).toEqual([false, true]);
    expect(['docs/b.md', 'models/x.py', 'src/a.ts'].map(matches)).toEqual([true, true, false]);
  });

  it('reports which globs some path matches', () => {
    expect(set.matchedBy(['serving/app.yaml', 'models/m.onnx'])).toEqual([true, true, true, false]);
    expect(set.matchedBy([])).toEqual([false, false, false, false]);
  });

  const segment = fc.constantFrom('a', 'b', 'ab', '.x', 'x.md', 'y.ts', 'models', 'c-d', 'a$b', '..', 'abc.md', 'c', 'xa', '{a,b}', '{a}', '[', '', '"ab"', 'é', 'a é', '[a]', 'a,b');
  const globSegment = fc.constantFrom(
    'a', 'b', '*', '**', '?', 'a*', '*.md', '{a,b}', '[ab]', '.x', 'models', '@(a|b)', 'a\\*', '.', '..', 'a$b', 'a?c*', '*b*.md',
    '{a,b/c}', '{a,{b,ab}}', '{,a}', '{a}', '{a..c}', 'x{a,b}', '[{a,b}]', '{a,b', '@({a,b})', '{a,b}.md', '',
    '"ab"', 'a"*"b', "'a'", '{a/[b,c/d]}', '{a,"b,c"}', '[!a]', '[[:alpha:]]*', '\\[a]', 'a\\ ', '**\\/b', '[/]',
  );
  const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
  const glob = fc
    .tuple(fc.constantFrom('', '/'), fc.array(globSegment, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '/'))
    .map(([lead, parts, trail]) => `${lead}${parts.join('/')}${trail}`);

  it('finds exactly what testing every glob against every path finds', () => {
    fc.assert(
      fc.property(fc.array(glob, { maxLength: 12 }), fc.array(path, { maxLength: 20 }), (globs, paths) => {
        const compiledGlobs = globs.flatMap((g) => {
          const result = compileGlob(g);
          return result.ok ? [result.compiled] : [];
        });
        const indexed = new GlobSet(compiledGlobs);
        const brute = compiledGlobs.map((g) => paths.some((p) => g.regex.test(byteString(p))));
        // Sorted, files of one directory follow each other, as in GitHub's lists.
        for (const list of [paths, [...paths].sort()]) {
          expect(indexed.matchedBy(list)).toEqual(brute);
          const matches = indexed.matcher();
          for (const p of list) {
            const expected = compiledGlobs.some((g) => g.regex.test(byteString(p)));
            expect(indexed.matches(p)).toBe(expected);
            expect(matches(p)).toBe(expected);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('marks the globs whose answer a file\'s directory decides', () => {
    for (const glob of ['models/**', 'docs/', 'k8s/', '/models/', '{a,b}/**', 'a/*/b/**', 'foo/**/', '*.md/', 'a\\*/']) {
      expect([glob, compiled(glob).byDirectory]).toEqual([glob, true]);
    }
    // The file's own name counts for these; a `\\` before `/**` is not worth reading closely.
    for (const glob of ['*.md', 'models/*.py', 'models', '/Dockerfile', '**/*.onnx', 'a/**/b', 'a\\/**', '{a/**,b}', 'a/**b']) {
      expect([glob, compiled(glob).byDirectory]).toEqual([glob, false]);
    }
  });

  it('tests a glob the directory decides once per directory, not once per file', () => {
    const glob = compiled('k8s/');
    let tests = 0;
    const regex = glob.regex;
    const counting = { ...glob, regex: { test: (bytes: string) => ((tests += 1), regex.test(bytes)) } as RegExp };
    const never = compiled('nothing/**');
    const set = new GlobSet([counting, never]);
    // Names that hold the glob's text get past the cheap test to the RegExp.
    const paths = ['a/b/k8s.py', 'a/b/k8s-2.py', 'a/b/k8s-3.py', 'a/c/k8s.py', 'a/c/k8s-2.py', 'a/b/k8s-4.py'];
    expect(set.matchedBy(paths)).toEqual([false, false]);
    expect(tests).toBe(2);
  });

  const directory = fc.array(fc.constantFrom('a', 'b', 'ab', 'models', 'k8s', '.x', 'x.md', 'é', '[a]'), { maxLength: 3 }).map((s) => s.join('/'));
  const fileName = fc.constantFrom('a', 'b', 'x.md', 'y.ts', 'models', 'k8s', 'ab', '.x', 'é.md');

  it('finds what every glob against every path finds when many files share a directory', () => {
    fc.assert(
      fc.property(
        fc.array(glob, { maxLength: 12 }),
        fc.array(fc.tuple(directory, fc.array(fileName, { minLength: 1, maxLength: 6 })), { maxLength: 6 }),
        (globs, groups) => {
          const compiledGlobs = globs.flatMap((g) => {
            const result = compileGlob(g);
            return result.ok ? [result.compiled] : [];
          });
          const paths = groups.flatMap(([dir, names]) => names.map((name) => (dir === '' ? name : `${dir}/${name}`)));
          const brute = compiledGlobs.map((g) => paths.some((p) => g.regex.test(byteString(p))));
          for (const list of [paths, [...paths].sort(), [...paths].reverse()]) expect(new GlobSet(compiledGlobs).matchedBy(list)).toEqual(brute);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses a glob that contract validation refuses', () => {
    expect(compileGlob('models/{a,b')).toMatchObject({ ok: false, glob: 'models/{a,b' });
    expect(compileGlob('!models/**')).toMatchObject({ ok: false });
    expect(compileGlob('/')).toMatchObject({ ok: false });
  });

  it('compiles any string without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const result = compileGlob(text);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
