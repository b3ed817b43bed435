import { describe, expect, it } from '@jest/globals';
import { formatContractError, parseContract, validateContract } from '../../src/contract/parse.js';

const MINIMAL = { version: 1, scope: { paths: ['models/**'] } };

describe('validateContract', () => {
  it('validates an already-loaded object, filling defaults and stripping _extends', () => {
    const result = validateContract({ ...MINIMAL, _extends: '.github', roles: { sre: ['@bob'] } });
    expect(result).toMatchObject({ ok: true, extendsFrom: '.github' });
    expect(result.ok && result.contract).toEqual(
      expect.objectContaining({ enforcement: 'blocking', roles: { sre: ['@bob'] }, signoffs: [], evidence: [] }),
    );
  });

  it('does not change the object it is given', () => {
    const value = { ...MINIMAL, _extends: 'other-repo' };
    validateContract(value);
    expect(value).toEqual({ ...MINIMAL, _extends: 'other-repo' });
  });

  it('places errors at line 1, column 1 without a locator', () => {
    expect(validateContract({ ...MINIMAL, signoffs: [{ role: 'sre' }] })).toEqual({
      ok: false,
      errors: [{ path: 'signoffs[0].role', line: 1, column: 1, message: "'sre' is not defined under roles; no roles are defined" }],
    });
  });

  it("asks the locator for the error's path, then for its nearest ancestor", () => {
    const asked: string[] = [];
    const locate = (path: (string | number)[]) => {
      asked.push(path.join('/'));
      return path.length === 2 && path[0] === 'signoffs' ? { line: 9, column: 5 } : undefined;
    };
    expect(validateContract({ ...MINIMAL, signoffs: [{ role: 'sre' }] }, locate)).toEqual({
      ok: false,
      errors: [{ path: 'signoffs[0].role', line: 9, column: 5, message: "'sre' is not defined under roles; no roles are defined" }],
    });
    expect(asked).toEqual(['signoffs/0/role', 'signoffs/0']);
  });

  it('refuses a value that is not a mapping', () => {
    for (const [value, kind] of [
      [null, 'an empty value'],
      [[MINIMAL], 'a list'],
      ['version: 1', 'a string'],
      [undefined, 'nothing'],
    ] as const) {
      expect(validateContract(value)).toEqual({
        ok: false,
        errors: [{ path: '', line: 1, column: 1, message: `the top level must be a mapping of keys (version, scope, …); got ${kind}` }],
      });
    }
  });

  it('agrees with parseContract on the same contract', () => {
    const text = 'version: 1\nscope:\n  paths: ["models/**"]\nenforcement: advisory\n';
    const parsed = parseContract(text);
    expect(validateContract({ ...MINIMAL, enforcement: 'advisory' })).toEqual(parsed);
  });
});

describe('formatContractError', () => {
  it('writes file:line:col: path: message', () => {
    expect(formatContractError({ path: 'signoffs[1].role', line: 12, column: 11, message: 'bad' }, '.github/readiness.yml')).toBe(
      '.github/readiness.yml:12:11: signoffs[1].role: bad',
    );
  });

  it('leaves out the path of an error about the whole file', () => {
    expect(formatContractError({ path: '', line: 1, column: 1, message: 'the file is empty' }, 'readiness.yml')).toBe(
      'readiness.yml:1:1: the file is empty',
    );
  });
});
