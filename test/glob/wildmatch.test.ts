/**
 * Our own cases for each kind of case git's t3070 covers (the t3070 vectors
 * themselves run in `npm run conformance`, read from ../shared).
 */
import { describe, expect, it } from '@jest/globals';
import { compileGlob, globMatches } from '../../src/evaluate/glob-set.js';
import { wildmatch } from '../../src/glob/wildmatch.js';

describe('wildmatch with WM_PATHNAME', () => {
  it.each([
    // literals, `?` and `*`
    ['model', 'model', true],
    ['model', 'models', false],
    ['', '', true],
    ['', 'x', false],
    ['m?del', 'model', true],
    ['m?del', 'mdel', false],
    ['m??el', 'model', true],
    ['*', 'model.onnx', true],
    ['m*', 'model', true],
    ['*l', 'model', true],
    ['*o*', 'model', true],
    ['*x*', 'model', false],
    ['*e*e*', 'eee', true],
    ['*e*e*e*e', 'eee', false],
    ['*ab', 'abababab', true],
    // `*` and `?` never cross `/`
    ['*', 'a/b', false],
    ['a?b', 'a/b', false],
    ['a*b', 'ax/yb', false],
    ['*/*', 'a/b', true],
    ['*/*', 'a/b/c', false],
    // escapes
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['\\?', '?', true],
    ['\\?', 'x', false],
    ['\\m\\o', 'mo', true],
    ['a\\\\b', 'a\\b', true],
    ['a\\', 'a\\', false],
    ['a\\', 'a', false],
    // brackets: members, ranges, negation, `]` and `-` as members
    ['[mn]odel', 'model', true],
    ['[mn]odel', 'podel', false],
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[!a-c]x', 'dx', true],
    ['[!a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true],
    ['[]x]', ']', true],
    ['[]x]', 'x', true],
    ['[!]x]', ']', false],
    ['[!]x]', 'y', true],
    ['[-x]', '-', true],
    ['[x-]', '-', true],
    ['[a-c-e]', 'd', false],
    ['[a-c-e]', '-', true],
    ['[\\]]', ']', true],
    ['[\\-]', '-', true],
    ['[\\a-\\c]', 'b', true],
    ['[c-a]', 'c', true],
    ['[c-a]', 'b', false],
    ['[Q-b]', 'Z', true],
    ['[Q-b]', 'c', false],
    ['[Q-b]', '_', true],
    // brackets never match `/`, even negated
    ['a[/]b', 'a/b', false],
    ['a[!x]b', 'a/b', false],
    ['a[^x]b', 'a/b', false],
    // POSIX classes and plain `[` and `:` members
    ['[[:digit:]]x', '7x', true],
    ['[[:digit:]]x', 'ax', false],
    ['[[:upper:][:digit:]]', 'Q', true],
    ['[[:upper:][:digit:]]', 'q', false],
    ['[![:alnum:]]', '-', true],
    ['[![:alnum:]]', 'z', false],
    ['[[:space:]]', ' ', true],
    ['[[:punct:]]', '~', true],
    ['[[:xdigit:]]', 'g', false],
    ['[0-2[:lower:]]', 'k', true],
    ['[0-2[:lower:]]', '5', false],
    ['[[:]x]', ':x]', true],
    ['[[:]x]', '[x]', true],
    ['[[:]x]', ':', false],
    ['[[:nope:]]', 'n', false],
    ['[[::]]', ':', false],
    // unclosed brackets match nothing
    ['a[', 'a[', false],
    ['a[b', 'a[b', false],
    ['[!', '!', false],
    // `**`
    ['**', 'a/b/c', true],
    ['a/**', 'a/b/c', true],
    ['a/**', 'a', false],
    ['a/**', 'a/', true],
    ['**/c', 'c', true],
    ['**/c', 'a/b/c', true],
    ['**/c', 'a/bc', false],
    ['a/**/c', 'a/c', true],
    ['a/**/c', 'a/b/b/c', true],
    ['a/**/c', 'ab/c', false],
    ['a/**/**/c', 'a/c', true],
    ['a/**/*', 'a/b', true],
    ['a/**\\/c', 'a/c', false],
    ['a/**\\/c', 'a/b/c', true],
    // `**` that is not a whole segment is a `*`
    ['a**', 'a/b', false],
    ['a**', 'abc', true],
    ['**a', 'x/a', false],
    ['a/**b', 'a/x/b', false],
    ['a/**b', 'a/xb', true],
    ['a/b**/c', 'a/bx/c', true],
    ['a/b**/c', 'a/b/x/c', false],
  ])('%j against %j is %s', (pattern, text, expected) => {
    expect(wildmatch(pattern, text)).toBe(expected);
  });

  it('is case-sensitive', () => {
    expect(wildmatch('Model', 'model')).toBe(false);
    expect(wildmatch('[A-Z]x', 'qx')).toBe(false);
    expect(wildmatch('[[:lower:]]', 'Q')).toBe(false);
  });

  it('takes linear time on globs and paths made to backtrack', () => {
    // A pull request author picks the path; a naive regex for these globs needs exponential time on it.
    const name = 'a'.repeat(5000);
    const started = performance.now();
    for (const glob of ['*a*a*a*a*a*a*a*a*a*a*b', '**/*a*a*a*a*a*b/**', 'x/**/a*a*a*a/**/b', '**/a/**/a/**/a/**/a/**/b']) {
      const compiled = compileGlob(glob);
      if (!compiled.ok) throw new Error(compiled.error);
      expect(globMatches(compiled.compiled, name)).toBe(false);
      expect(globMatches(compiled.compiled, `${'a/'.repeat(2000)}c`)).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
