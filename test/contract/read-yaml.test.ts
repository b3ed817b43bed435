import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MAX_REPORTED_ERRORS, parseContract } from '../../src/contract/parse.js';
import { MAX_ALIAS_COUNT, MAX_CONTRACT_BYTES, MAX_TOKENS } from '../../src/contract/read-yaml.js';
import { BASE_ROWS, contractWith, errorsOf, expectValid, lines } from './contract-text.js';

const EMPTY = 'the file is empty; a contract needs at least version and scope.paths';

describe('reading the contract file', () => {
  it('accepts the SPEC §1 example and fills the defaults', () => {
    const text = readFileSync(new URL('../fixtures/contracts/spec-example.yml', import.meta.url), 'utf8');
    const result = parseContract(text);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.extendsFrom).toBeUndefined();
    expect(result.contract.signoffs.map((s) => [s.role, s.count])).toEqual([
      ['ml-lead', 1],
      ['sre', 1],
      ['privacy', 1],
    ]);
    expect(result.contract.evidence.map((e) => e.area)).toEqual([
      'evidence',
      'evidence',
      'evidence',
      'ownership-and-oversight',
      'evidence',
    ]);
    // YAML 1.2 has no timestamp type, so a bare date stays the text the schema expects.
    expect(result.contract.evidence[4]?.enforce_from).toBe('2027-01-15');
    expect(result.contract.signoff_policy.expires_after_days).toBe(14);
  });

  it('reports a YAML syntax error at its position', () => {
    expect(errorsOf(lines('version: 1', 'scope: { paths: ["a"]', 'roles: {}'))).toEqual([
      {
        path: '',
        line: 3,
        column: 1,
        message: 'invalid YAML: flow map in block collection must be sufficiently indented and end with a }',
      },
    ]);
  });

  it('reports a duplicate key at its second occurrence', () => {
    expect(errorsOf(contractWith('scope:', '  paths: ["b/**"]'))).toEqual([
      { path: '', line: 7, column: 1, message: "duplicate key 'scope'; a key may appear only once in a mapping" },
    ]);
  });

  it('treats keys that load as the same text as duplicates', () => {
    expect(errorsOf(lines('version: 1', 'scope: { paths: ["a"] }', 'roles: { a1: ["@x"], "a1": ["@y"] }'))).toEqual([
      { path: '', line: 3, column: 22, message: "duplicate key 'a1'; a key may appear only once in a mapping" },
    ]);
  });

  it('reports an empty file and a file of comments only', () => {
    expect(errorsOf('')).toEqual([{ path: '', line: 1, column: 1, message: EMPTY }]);
    expect(errorsOf(lines('# readiness contract', '   ', '# nothing yet'))).toEqual([
      { path: '', line: 1, column: 1, message: EMPTY },
    ]);
  });

  it('requires a mapping at the top level', () => {
    const notMapping = (kind: string) => `the top level must be a mapping of keys (version, scope, …); got ${kind}`;
    expect(errorsOf(lines('# list', '- version: 1'))).toEqual([{ path: '', line: 2, column: 1, message: notMapping('a list') }]);
    expect(errorsOf('just some text')).toEqual([{ path: '', line: 1, column: 1, message: notMapping('a string') }]);
    expect(errorsOf('~')).toEqual([{ path: '', line: 1, column: 1, message: notMapping('an empty value') }]);
  });

  it('refuses a NUL byte, binary junk and unpaired surrogates, at their position', () => {
    const textOnly = 'which YAML text cannot hold; a contract must be plain UTF-8 text, not a binary file';
    expect(errorsOf('version: 1\nsco\u0000pe: {}\n')).toEqual([
      { path: '', line: 2, column: 4, message: `the file contains a NUL byte (U+0000), ${textOnly}` },
    ]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]).toString('latin1');
    expect(errorsOf(png)).toEqual([{ path: '', line: 1, column: 1, message: `the file contains the character U+0089, ${textOnly}` }]);
    expect(errorsOf('a: "\ud800"\n')).toEqual([{ path: '', line: 1, column: 5, message: `the file contains the character U+D800, ${textOnly}` }]);
  });

  it('accepts tabs inside values, CRLF line ends, a byte-order mark and non-ASCII text', () => {
    expectValid(`\ufeff${BASE_ROWS.join('\r\n')}\r\nevidence:\r\n  - { id: a, title: "Évaluation\tcomplète ✓", owner: sre, file: a.json }\r\n`);
  });

  it('refuses a file over 256 KiB before parsing it, counting UTF-8 bytes', () => {
    expect(errorsOf('a'.repeat(MAX_CONTRACT_BYTES + 1))).toEqual([
      { path: '', line: 1, column: 1, message: 'the file is 257 KiB; a contract may be at most 256 KiB' },
    ]);
    expect(errorsOf('é'.repeat(MAX_CONTRACT_BYTES / 2 + 1))[0]?.message).toBe('the file is 257 KiB; a contract may be at most 256 KiB');
    // Exactly at the limit the file is read (and is then refused for what it holds).
    expect(errorsOf('a'.repeat(MAX_CONTRACT_BYTES))[0]?.message).toMatch(/^the top level must be a mapping/);
  });

  it('returns quickly with an error for a 1 MB input', () => {
    const started = performance.now();
    expect(errorsOf(`version: 1\n# ${'x'.repeat(1024 * 1024)}\n`)).toEqual([
      { path: '', line: 1, column: 1, message: 'the file is 1025 KiB; a contract may be at most 256 KiB' },
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('turns an alias bomb into an error at the first alias, quickly', () => {
    const rows = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let level = 1; level <= 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      rows.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const started = performance.now();
    expect(errorsOf(lines(...rows))).toEqual([
      {
        path: '',
        line: 2,
        column: 8,
        message: `aliases (*name) expand the file too much (more than ${MAX_ALIAS_COUNT} alias expansions); write the values out instead`,
      },
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accepts a few aliases that share globs', () => {
    expectValid(contractWith('signoffs:', '  - role: sre', '    when: { paths: &serving ["serving/**"] }', 'evidence:', '  - { id: a, title: A, owner: sre, file: a.md, when: { paths: *serving } }'));
  });

  it('refuses nesting deep enough to exhaust the parser, at the first level too deep', () => {
    expect(errorsOf('['.repeat(65))).toEqual([
      { path: '', line: 1, column: 65, message: 'brackets are nested more than 64 levels deep; a contract needs only a few levels' },
    ]);
    const tooIndented = 'the file is nested too deeply (indented past column 160); a contract needs only a few levels';
    expect(errorsOf(`${'- '.repeat(82)}x`)).toEqual([{ path: '', line: 1, column: 163, message: tooIndented }]);
    expect(errorsOf(lines('a:', `${' '.repeat(161)}b: 1`))).toEqual([{ path: '', line: 2, column: 162, message: tooIndented }]);
    // Sixty-four levels are allowed through to the ordinary checks.
    expect(errorsOf(`${'['.repeat(64)}${']'.repeat(64)}`)[0]?.message).toMatch(/^the top level must be a mapping/);
  });

  it('refuses a file with more YAML tokens than any contract needs', () => {
    const errors = errorsOf(lines('scope:', '  paths:', ...Array<string>(9000).fill('    - a')));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(`the file has more than ${MAX_TOKENS} YAML tokens; a contract is far smaller`);
  });

  it('refuses more than one YAML document and tab indentation', () => {
    expect(errorsOf(lines(...BASE_ROWS, '---', 'version: 1'))).toEqual([
      {
        path: '',
        line: 7,
        column: 1,
        message: "the file holds more than one YAML document (a second '---'); a contract is a single document",
      },
    ]);
    expect(errorsOf(lines('version: 1', 'scope:', '\tpaths: ["a"]'))).toEqual([
      { path: '', line: 3, column: 1, message: 'a tab is used for indentation; YAML is indented with spaces' },
    ]);
  });

  it('lists errors in file order and cuts them off after a readable number', () => {
    const unknown = Array.from({ length: MAX_REPORTED_ERRORS + 5 }, (_, i) => `extra_${i}: 1`);
    const errors = errorsOf(lines(...unknown.reverse(), ...BASE_ROWS));
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(errors.map((e) => e.line)).toEqual([...Array.from({ length: MAX_REPORTED_ERRORS + 1 }, (_, i) => i + 1)]);
    expect(errors[0]?.path).toBe(`extra_${MAX_REPORTED_ERRORS + 4}`);
    expect(errors[MAX_REPORTED_ERRORS]).toEqual({
      path: '',
      line: MAX_REPORTED_ERRORS + 1,
      column: 1,
      message: '5 more errors from here on are not shown; fix the ones above first',
    });
  });
});

describe('_extends', () => {
  it('is stripped before validation and returned as extendsFrom', () => {
    const result = parseContract(lines('_extends: .github', ...BASE_ROWS));
    expect(result).toMatchObject({ ok: true, extendsFrom: '.github' });
    expect(result.ok && Object.keys(result.contract)).not.toContain('_extends');
  });

  it('is returned with the errors of a partial file, which may rely on what it inherits', () => {
    expect(parseContract(lines('_extends: .github', 'enforcement: advisory'))).toEqual({
      ok: false,
      extendsFrom: '.github',
      errors: [
        { path: 'scope', line: 1, column: 1, message: "missing required key 'scope' (which pull requests the contract judges)" },
        { path: 'version', line: 1, column: 1, message: "missing required key 'version' (the contract format version; only 1 exists)" },
      ],
    });
  });

  it('must be a non-empty string', () => {
    const expected = (got: string) =>
      `must name the repository to inherit the contract from, e.g. '.github' or 'other-repo'; got ${got}`;
    expect(errorsOf(lines(...BASE_ROWS, '_extends: [a, b]'))).toEqual([
      { path: '_extends', line: 7, column: 11, message: expected('a list') },
    ]);
    expect(errorsOf(lines(...BASE_ROWS, '_extends: ""'))).toEqual([{ path: '_extends', line: 7, column: 11, message: expected("''") }]);
  });
});
