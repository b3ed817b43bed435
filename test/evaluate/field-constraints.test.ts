import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { FieldConstraint } from '../../src/contract/schema.js';
import { checkField, compileField } from '../../src/evaluate/field-constraints.js';
import { parseFieldPath, parseStructured } from '../../src/evaluate/structured-document.js';
import type { StructuredDocument } from '../../src/evaluate/structured-document.js';

function documentOf(file: string, content: string): StructuredDocument {
  const parsed = parseStructured(file, content);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.document;
}

function check(constraint: FieldConstraint, file: string, content: string) {
  // These constraints name no artifact, so none is ever asked for.
  return checkField(compileField(constraint), documentOf(file, content), (path) => {
    throw new Error(`unexpected artifact ${path}`);
  });
}

const EVAL_JSON = ['{', '  "metrics": {', '    "auc": 0.74,', '    "f1": "high"', '  },', '  "slices": [{ "auc": 0.9 }, { "auc": 0.6 }],', '  "dataset": { "source": null }', '}'].join('\n');
const MONITORING_YAML = ['alerts:', '  latency_p99_ms: 650', '  owner: bob', 'stage: staging', 'debug: true'].join('\n');

describe('parseFieldPath', () => {
  it.each([
    ['metrics.auc', ['metrics', 'auc']],
    ['slices[0].auc', ['slices', 0, 'auc']],
    ['[1][2]', [1, 2]],
    ['a.b c', ['a', 'b c']],
  ])('reads %s', (path, expected) => {
    expect(parseFieldPath(path)).toEqual(expected);
  });

  it.each(['a..b', 'a.', '.a', 'a[x]', 'a[0]b', '', '[', 'a]'])('refuses %j', (path) => {
    expect(parseFieldPath(path)).toBeUndefined();
  });
});

describe('parseStructured', () => {
  it('reports a JSON syntax error with its line', () => {
    const parsed = parseStructured('reports/eval.json', '{\n  "a": 1,\n  "b": \n}');
    // The reason is Node's own words, which differ between versions; the line is ours.
    expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/^not valid JSON: \S/), line: 4 });
  });

  it('reports a YAML syntax error with its line', () => {
    const parsed = parseStructured('ops/monitoring.yml', 'alerts:\n  a: 1\n  b: [1,\nc: 2\n');
    expect(parsed).toEqual({
      ok: false,
      message: 'not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      line: 4,
    });
  });

  it('does not expand aliases, so an alias bomb costs nothing', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: *a'].join('\n');
    const document = documentOf('bomb.yml', bomb);
    expect(document.lookup(['d', 0, 8, 8, 8])).toEqual({ present: true, value: 'x' });
    expect(document.lineOf(['d', 0, 8, 8, 8])).toBe(1);
    expect(document.lookup(['e'])).toEqual({ present: true, value: { kind: 'list' } });
    expect(document.lineOf(['e'])).toBe(5);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom('a.json', 'a.yml', 'a.yaml'), fc.string({ maxLength: 200 }), (file, content) => {
        const parsed = parseStructured(file, content);
        if (parsed.ok) {
          parsed.document.lookup(['a', 0, 'b']);
          parsed.document.lineOf(['a', 0, 'b']);
        }
      }),
    );
  });
});

describe('checkField', () => {
  it('passes when every constraint holds', () => {
    expect(check({ path: 'slices[0].auc', min: 0.8, max: 1 }, 'eval.json', EVAL_JSON)).toBeUndefined();
    expect(check({ path: 'stage', one_of: ['staging', 'production'] }, 'm.yml', MONITORING_YAML)).toBeUndefined();
    expect(check({ path: 'alerts.owner', pattern: '^b' }, 'm.yml', MONITORING_YAML)).toBeUndefined();
    expect(check({ path: 'debug', equals: true }, 'm.yml', MONITORING_YAML)).toBeUndefined();
    expect(check({ path: 'dataset.source', exists: false }, 'm.yml', MONITORING_YAML)).toBeUndefined();
    expect(check({ path: 'metrics', exists: true }, 'eval.json', EVAL_JSON)).toBeUndefined();
  });

  it('names the value beside the threshold, with the line', () => {
    expect(check({ path: 'metrics.auc', min: 0.8 }, 'eval.json', EVAL_JSON)).toEqual({ message: 'metrics.auc is 0.74, needs ≥ 0.8', line: 3 });
    expect(check({ path: 'slices[1].auc', min: 0.8 }, 'eval.json', EVAL_JSON)).toEqual({ message: 'slices[1].auc is 0.6, needs ≥ 0.8', line: 6 });
    expect(check({ path: 'alerts.latency_p99_ms', max: 500 }, 'm.yml', MONITORING_YAML)).toEqual({
      message: 'alerts.latency_p99_ms is 650, needs ≤ 500',
      line: 2,
    });
  });

  it('explains each failed kind of constraint', () => {
    expect(check({ path: 'metrics.f1', min: 0.5, max: 1 }, 'eval.json', EVAL_JSON)).toEqual({
      message: 'metrics.f1 is "high", needs a number ≥ 0.5 and ≤ 1',
      line: 4,
    });
    expect(check({ path: 'dataset.source', exists: true }, 'eval.json', EVAL_JSON)).toEqual({ message: 'dataset.source is null, needs a value', line: 7 });
    expect(check({ path: 'dataset.owner', exists: true }, 'eval.json', EVAL_JSON)).toEqual({ message: 'dataset.owner is missing' });
    expect(check({ path: 'metrics.recall', min: 0.7 }, 'eval.json', EVAL_JSON)).toEqual({ message: 'metrics.recall is missing, needs a number ≥ 0.7' });
    expect(check({ path: 'debug', exists: false }, 'm.yml', MONITORING_YAML)).toEqual({ message: 'debug is present (true), must be absent', line: 5 });
    expect(check({ path: 'stage', equals: 'production' }, 'm.yml', MONITORING_YAML)).toEqual({ message: 'stage is "staging", needs "production"', line: 4 });
    expect(check({ path: 'stage', one_of: ['canary', 'production'] }, 'm.yml', MONITORING_YAML)).toEqual({
      message: 'stage is "staging", needs one of "canary", "production"',
      line: 4,
    });
    expect(check({ path: 'alerts.owner', pattern: '^@' }, 'm.yml', MONITORING_YAML)).toEqual({ message: 'alerts.owner is "bob", needs to match /^@/', line: 3 });
    expect(check({ path: 'alerts', pattern: '^@' }, 'm.yml', MONITORING_YAML)).toEqual({ message: 'alerts is a mapping, needs a string matching /^@/', line: 1 });
  });

  it('turns a bad path or pattern into a failure, not an exception', () => {
    expect(check({ path: 'a..b', exists: true }, 'm.yml', MONITORING_YAML)?.message).toBe("field path 'a..b' is not valid; write keys with dots and indices as [n]");
    expect(check({ path: 'stage', pattern: '(' }, 'm.yml', MONITORING_YAML)?.message).toMatch(/^the pattern for stage is not a valid RE2 regular expression: /);
  });
});
