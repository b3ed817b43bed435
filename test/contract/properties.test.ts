import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { ContractParseResult } from '../../src/contract/parse.js';
import { parseContract, validateContract } from '../../src/contract/parse.js';

/** A result is well-formed when it is a contract, or at least one error with a 1-based position and a message. */
function expectWellFormed(result: ContractParseResult): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(Number.isInteger(error.line) && error.line >= 1).toBe(true);
    expect(Number.isInteger(error.column) && error.column >= 1).toBe(true);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

/** Text built from YAML's structural characters reaches far more parser states than random letters. */
const yamlish = fc.string({
  unit: fc.constantFrom(...'[]{}:-?,*&!|>\'"#%@`~ \n\t\r.ab1_'.split(''), 'version: 1\n', 'scope:\n  paths: ', '  - '),
  maxLength: 200,
});

/** Mostly well-shaped contracts with arbitrary values in places, so the shape and semantic checks run too. */
const contractLike = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.jsonValue()),
    scope: fc.oneof(fc.record({ paths: fc.array(fc.string(), { maxLength: 3 }) }), fc.jsonValue()),
    roles: fc.dictionary(fc.string({ maxLength: 8 }), fc.array(fc.oneof(fc.constant('@a'), fc.string()), { maxLength: 3 })),
    signoffs: fc.array(fc.record({ role: fc.string({ maxLength: 8 }), when: fc.jsonValue() }, { requiredKeys: ['role'] }), { maxLength: 3 }),
    evidence: fc.array(fc.dictionary(fc.constantFrom('id', 'title', 'owner', 'file', 'fields', 'checks', 'enforce_from', 'sections'), fc.jsonValue()), {
      maxLength: 3,
    }),
  },
  { requiredKeys: [] },
);

describe('parseContract on arbitrary input', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => expectWellFormed(parseContract(text))), { numRuns: 1000 });
  });

  it('never throws on arbitrary unicode, including unpaired surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => expectWellFormed(parseContract(text))), {
      numRuns: 1000,
    });
  });

  it('never throws on text made of YAML syntax', () => {
    fc.assert(fc.property(yamlish, (text) => expectWellFormed(parseContract(text))), { numRuns: 2000 });
  });

  it('never throws on arbitrary JSON-like values serialized to YAML', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), contractLike), (value) => expectWellFormed(parseContract(stringify(value)))),
      { numRuns: 400 },
    );
  });

  it('is deterministic: the same text gives a deep-equal result', () => {
    fc.assert(
      fc.property(fc.oneof(yamlish, contractLike.map((value) => stringify(value))), (text) => {
        expect(parseContract(text)).toEqual(parseContract(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateContract on arbitrary values', () => {
  it('never throws, whatever the value', () => {
    fc.assert(fc.property(fc.oneof(fc.anything(), contractLike), (value) => expectWellFormed(validateContract(value))), {
      numRuns: 500,
    });
  });
});
