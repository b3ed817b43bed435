import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { jsonErrorLine, jsonErrorOffset, jsonFieldLine } from '../../src/evaluate/json-positions.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1, 2', 5],
    ['', 0],
    ['{"a": tru}', 6],
    ['{"a": 1} x', 9],
    ['"tab\there"', 0],
  ])('finds where %j goes wrong', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('names the line of the error', () => {
    expect(jsonErrorLine('{\n  "a": 1,\n  "b": \n}')).toBe(4);
    expect(jsonErrorLine('{}')).toBeUndefined();
  });

  it('agrees with JSON.parse on valid JSON, on mutated JSON and on any text', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', ' '))
      .map(([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)));
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string()), (text) => {
        expect(jsonErrorOffset(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not overflow the stack on deep nesting', () => {
    expect(jsonErrorOffset('['.repeat(200_000) + ']'.repeat(200_000))).toBeUndefined();
  });
});

describe('jsonFieldLine', () => {
  const text = ['{', '  "metrics": {', '    "auc": 0.9,', '    "a.b": 1', '  },', '  "slices": [', '    { "auc": 0.7 },', '    {', '      "auc": 0.8', '    }', '  ],', '  "x": 1,', '  "x": 2', '}'].join('\n');

  it.each([
    [['metrics'], 2],
    [['metrics', 'auc'], 3],
    [['slices', 0], 7],
    [['slices', 0, 'auc'], 7],
    [['slices', 1, 'auc'], 9],
    [['slices', '1', 'auc'], 9],
    [['x'], 13],
  ])('finds %j on line %i', (path, line) => {
    expect(jsonFieldLine(text, path)).toBe(line);
  });

  it.each([[['metrics', 'f1']], [['slices', 2]], [['metrics', 'auc', 'deeper']], [['slices', 'auc']]])('finds no line for absent %j', (path) => {
    expect(jsonFieldLine(text, path)).toBeUndefined();
  });

  it('finds every field that JSON.parse has, on a line of the text', () => {
    const leaves = (value: unknown, path: (string | number)[] = []): (string | number)[][] =>
      Array.isArray(value)
        ? value.flatMap((v, i) => leaves(v, [...path, i]))
        : typeof value === 'object' && value !== null
          ? Object.entries(value).flatMap(([k, v]) => [[...path, k], ...leaves(v, [...path, k])])
          : [path];
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const json = JSON.stringify(value, null, pretty ? 2 : undefined);
        const lines = json.split('\n').length;
        for (const path of leaves(value).filter((p) => p.length > 0)) {
          const line = jsonFieldLine(json, path);
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(lines);
        }
      }),
    );
  });
});
