import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { jsonDuplicateKey, jsonMemberCount } from '../../src/evaluate/json-positions.js';
import { parseStructured } from '../../src/evaluate/structured-document.js';
import { buildContract, buildSnapshot } from '../support/snapshot-builder.js';

function members(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const values = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
  return (Array.isArray(value) ? 0 : values.length) + values.reduce<number>((sum, v) => sum + members(v), 0);
}

describe('jsonMemberCount', () => {
  it('counts the members an object writes, not strings that only look like keys', () => {
    expect(jsonMemberCount('{"a": 1, "b": {"c": "d:\\"e\\":"}, "f": ["g" , {"h"\n :\t2}], "i\\\\": ":"}')).toBe(6);
    expect(jsonMemberCount('{"a": 1, "a": 2}')).toBe(2);
    expect(jsonMemberCount('["a", "b:"]')).toBe(0);
  });

  it('counts what JSON.parse keeps when no key repeats', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonMemberCount(text)).toBe(members(JSON.parse(text)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('jsonDuplicateKey', () => {
  it('finds a key repeated in the top-level object, with both lines', () => {
    expect(jsonDuplicateKey('{\n  "auc": 0.62,\n  "n": 3,\n  "auc": 0.91\n}')).toEqual({ key: 'auc', within: '', firstLine: 2, line: 4 });
  });

  it('finds a key repeated in a nested object and names where that object is', () => {
    const text = ['{', '  "metrics": { "f1": 0.5 },', '  "slices": [', '    { "auc": 0.7 },', '    {', '      "auc": 0.62,', '      "auc": 0.91', '    }', '  ]', '}'].join('\n');
    expect(jsonDuplicateKey(text)).toEqual({ key: 'auc', within: 'slices[1]', firstLine: 6, line: 7 });
    expect(jsonDuplicateKey('{"a": {"b": {"c": 1, "c": 2}}}')).toEqual({ key: 'c', within: 'a.b', firstLine: 1, line: 1 });
  });

  it('treats keys that differ only by escapes as the same key, and says how the second was written', () => {
    expect(jsonDuplicateKey('{"a": 1,\n "\\u0061": 2}')).toEqual({ key: 'a', within: '', firstLine: 1, line: 2, spelled: '"\\u0061"' });
    expect(jsonDuplicateKey('{"a/b": 1, "a\\/b": 2}')).toMatchObject({ key: 'a/b', spelled: '"a\\/b"' });
  });

  it('finds nothing when equal keys are in different objects, or an array repeats a value', () => {
    expect(jsonDuplicateKey('{"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}], "d": [1, 1]}')).toBeUndefined();
    // Keys are compared exactly: case and Unicode normalisation make different keys, as in JSON.parse.
    expect(jsonDuplicateKey('{"auc": 1, "AUC": 2, "\u00e9": 3, "e\u0301": 4}')).toBeUndefined();
    expect(jsonDuplicateKey('[1, 2]')).toBeUndefined();
  });

  it('finds nothing in JSON written from a value (whose keys are distinct), and a repeat in any object that has one', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonDuplicateKey(text)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
    // Members written by hand, with keys in several spellings; nested under "n" to cover depth.
    const spellings: Record<string, string> = { a: 'a', '\\u0061': 'a', b: 'b', '\\u0062': 'b', c: 'c' };
    const members = fc.array(fc.tuple(fc.constantFrom(...Object.keys(spellings)), fc.integer()), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(members, fc.boolean(), (pairs, nested) => {
        const object = `{${pairs.map(([key, value]) => `"${key}": ${value}`).join(', ')}}`;
        const text = nested ? `{"x": 1, "n": [0, ${object}]}` : object;
        const decoded = pairs.map(([key]) => spellings[key]);
        const repeats = new Set(decoded).size < decoded.length;
        const found = jsonDuplicateKey(text);
        expect(found !== undefined).toBe(repeats);
        if (found) expect(found.within).toBe(nested ? 'n[1]' : '');
      }),
      { numRuns: 500 },
    );
  });
});

describe('JSON evidence with a repeated key', () => {
  it('is not valid JSON, naming the key and the line it is repeated on', () => {
    expect(parseStructured('reports/eval.json', '{\n  "metrics": {\n    "auc": 0.62,\n    "auc": 0.91\n  }\n}')).toEqual({
      ok: false,
      message: 'not valid JSON: key "auc" appears twice in metrics (line 3, again on line 4)',
      line: 4,
    });
    expect(parseStructured('reports/eval.json', '{"a": 1,\n"\\u0061": 2}')).toEqual({
      ok: false,
      message: 'not valid JSON: key "a" appears twice in the top-level object (line 1, again on line 2, written "\\u0061")',
      line: 2,
    });
  });

  const contract = buildContract({
    scope: { paths: ['models/**'] },
    roles: { 'ml-lead': ['@alice'] },
    evidence: [{ id: 'evaluation', title: 'Evaluation', owner: 'ml-lead', file: 'reports/eval.json', fields: [{ path: 'metrics.auc', min: 0.8 }] }],
  });
  const judge = (report: string) =>
    evaluate(compileContract(contract), buildSnapshot({ files: ['models/m.onnx'], evidence: { 'reports/eval.json': report } }), new Date('2026-06-01T00:00:00Z'))
      .evidence[0];

  it('attack: a report that shows reviewers 0.62 and the gate 0.91 is a gap', () => {
    const report = '{\n  "metrics": {\n    "auc": 0.62,\n    "precision": 0.4,\n    "auc": 0.91\n  }\n}\n';
    expect(judge(report)).toMatchObject({
      status: 'missing',
      problems: [
        {
          message: 'reports/eval.json is not valid JSON: key "auc" appears twice in metrics (line 3, again on line 5)',
          file: 'reports/eval.json',
          line: 5,
        },
      ],
    });
  });

  it('attack: the same trick with an escaped spelling of the key is a gap too', () => {
    expect(judge('{"metrics": {"auc": 0.62, "\\u0061uc": 0.91}}')).toMatchObject({ status: 'missing' });
  });

  it('control: the same report with the key once is met', () => {
    expect(judge('{\n  "metrics": {\n    "auc": 0.91,\n    "precision": 0.4\n  }\n}\n')).toMatchObject({ status: 'met', problems: [] });
  });
});
