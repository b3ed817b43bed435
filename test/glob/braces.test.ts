import { describe, expect, it } from '@jest/globals';
import { expandBraces, MAX_EXPANSIONS, strayBrace } from '../../src/glob/braces.js';
import { trimTrailingSpaces } from '../../src/glob/gitignore-line.js';

describe('brace lists', () => {
  it.each([
    ['{models,serving}/**', ['models/**', 'serving/**']],
    ['*.{yml,yaml}', ['*.yml', '*.yaml']],
    ['x/{a,{b,c}}', ['x/a', 'x/b', 'x/c']],
    ['{a,b}{c,d}', ['ac', 'ad', 'bc', 'bd']],
    ['{,src/}models/**', ['models/**', 'src/models/**']],
    ['plain/**', ['plain/**']],
    // not lists: no comma, no closing brace, ranges
    ['{a}', ['{a}']],
    ['{a,b', ['{a,b']],
    ['{1..3}', ['{1..3}']],
    ['{{a,b}}', ['{a}', '{b}']],
    // escapes and brackets are not list syntax, and the escapes stay for the matcher
    ['\\{a,b\\}', ['\\{a,b\\}']],
    ['{a\\,b,c}', ['a\\,b', 'c']],
    ['{a\\},b}', ['a\\}', 'b']],
    ['[{,]x', ['[{,]x']],
    ['{[,],x}', ['[,]', 'x']],
    ['{[}],x}', ['[}]', 'x']],
  ])('%j expands to %j', (glob, expected) => {
    expect(expandBraces(glob)).toEqual(expected);
  });

  it('gives up beyond its limit instead of growing without bound', () => {
    expect(expandBraces('{a,b}'.repeat(6))).toHaveLength(MAX_EXPANSIONS);
    expect(expandBraces('{a,b}'.repeat(7))).toBeUndefined();
    expect(expandBraces('{a,b,c,d,e,f,g,h}'.repeat(30))).toBeUndefined();
  });

  it('finds braces that are not part of a list', () => {
    expect(strayBrace('{a}')).toBe(0);
    expect(strayBrace('{a,b}}')).toBe(5);
    expect(strayBrace('x{a,{b}')).toBe(1);
    expect(strayBrace('{a,{b}}')).toBe(3);
    expect(strayBrace('{a,{b,c}}/\\{x\\}[{]')).toBeUndefined();
  });
});

describe("a .gitignore line's trailing spaces", () => {
  it.each([
    ['a ', 'a'],
    ['a   ', 'a'],
    ['a\\ ', 'a\\ '],
    ['a\\  ', 'a\\ '],
    ['a b', 'a b'],
    ['a\\', 'a\\'],
    ['   ', ''],
  ])('%j is read as %j', (line, expected) => {
    expect(trimTrailingSpaces(line)).toBe(expected);
  });
});
