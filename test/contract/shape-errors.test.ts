import { describe, expect, it } from '@jest/globals';
import { contractWith, errorsOf, expectValid, lines } from './contract-text.js';

const ROOT_KEYS = 'version, enforcement, scope, roles, signoffs, evidence, waivers, gaps, signoff_policy, dashboard, _extends';
const EVIDENCE_KEYS =
  'id, title, area, owner, file, sections, template, fields, checks, changed_with, max_age_days, when, enforce_from';

describe('contract shape errors, in plain words at the right node', () => {
  it('points at an unknown key itself, suggesting the closest allowed key', () => {
    expect(errorsOf(contractWith('enforcment: advisory'))).toEqual([
      {
        path: 'enforcment',
        line: 7,
        column: 1,
        message: `unknown key 'enforcment' (did you mean 'enforcement'?); allowed here: ${ROOT_KEYS}`,
      },
    ]);
    expect(errorsOf(contractWith('surpise: true'))).toEqual([
      { path: 'surpise', line: 7, column: 1, message: `unknown key 'surpise'; allowed here: ${ROOT_KEYS}` },
    ]);
  });

  it('names the keys allowed where a nested unknown key is', () => {
    expect(errorsOf(contractWith('evidence:', '  - { id: a, titel: A, title: A, owner: sre, file: a.md }'))).toEqual([
      {
        path: 'evidence[0].titel',
        line: 8,
        column: 14,
        message: `unknown key 'titel' (did you mean 'title'?); allowed here: ${EVIDENCE_KEYS}`,
      },
    ]);
    expect(errorsOf(contractWith('signoffs:', '  - role: sre', '    when:', '      path: ["a/**"]'))).toEqual([
      {
        path: 'signoffs[0].when.path',
        line: 10,
        column: 7,
        message: "unknown key 'path' (did you mean 'paths'?); allowed here: paths, labels",
      },
    ]);
  });

  it('explains that YAML merge keys are not supported', () => {
    expect(errorsOf(contractWith('signoffs:', '  - <<: { role: sre }'))).toEqual([
      { path: 'signoffs[0].role', line: 8, column: 5, message: "missing required key 'role' (the role that must sign off)" },
      {
        path: 'signoffs[0]["<<"]',
        line: 8,
        column: 5,
        message: "unknown key '<<' (YAML merge keys are not supported); allowed here: role, when, count",
      },
    ]);
  });

  it('says what kind of value was expected and what was written', () => {
    expect(errorsOf(lines('version: 1', 'scope:', '  paths: models/**'))).toEqual([
      { path: 'scope.paths', line: 3, column: 10, message: 'expected a list of globs, got a string' },
    ]);
    expect(errorsOf(contractWith('evidence:', '  id: a'))).toEqual([
      { path: 'evidence', line: 8, column: 3, message: 'expected a list of evidence items, got a mapping' },
    ]);
    expect(errorsOf(contractWith('waivers: 3'))).toEqual([
      { path: 'waivers', line: 7, column: 10, message: 'expected a mapping (keys: approvers, max_days), got a number' },
    ]);
    expect(errorsOf(contractWith('signoff_policy:', '  allow_author: "no"'))).toEqual([
      { path: 'signoff_policy.allow_author', line: 8, column: 17, message: 'expected true or false, got a string' },
    ]);
    expect(errorsOf(lines('version: 1', 'scope: { paths: [a] }', 'roles: [ml-lead]'))).toEqual([
      { path: 'roles', line: 3, column: 8, message: 'expected a mapping of role names to lists of members, got a list' },
    ]);
    expect(errorsOf(lines('version: 1', 'scope: { paths: [a] }', 'roles:', '  sre: "@bob"'))).toEqual([
      { path: 'roles.sre', line: 4, column: 8, message: 'expected a list of members (@login or @org/team), got a string' },
    ]);
    expect(errorsOf(contractWith('gaps: { labels: [7] }'))).toEqual([
      { path: 'gaps.labels[0]', line: 7, column: 18, message: 'expected a string, got a number' },
    ]);
  });

  it('points at the key of an empty value', () => {
    expect(errorsOf(contractWith('gaps:'))).toEqual([
      { path: 'gaps', line: 7, column: 1, message: 'expected a mapping (keys: issues, labels), got an empty value' },
    ]);
  });

  it('lists the allowed values of an enum or literal beside the value written', () => {
    expect(errorsOf(contractWith('enforcement: strict'))).toEqual([
      { path: 'enforcement', line: 7, column: 14, message: "must be one of blocking, advisory; got 'strict'" },
    ]);
    expect(errorsOf(lines('version: 2', 'scope: { paths: [a] }'))).toEqual([
      { path: 'version', line: 1, column: 10, message: 'must be 1; got 2' },
    ]);
    expect(errorsOf(lines('version: "1"', 'scope: { paths: [a] }'))).toEqual([
      { path: 'version', line: 1, column: 10, message: "must be 1; got '1'" },
    ]);
  });

  it('reports a missing required key at the mapping that lacks it, with what the key is for', () => {
    expect(errorsOf(lines('version: 1', 'enforcement: advisory'))).toEqual([
      { path: 'scope', line: 1, column: 1, message: "missing required key 'scope' (which pull requests the contract judges)" },
    ]);
    expect(errorsOf(contractWith('evidence:', '  - id: a', '    owner: sre', '    file: a.md'))).toEqual([
      {
        path: 'evidence[0].title',
        line: 8,
        column: 5,
        message: "missing required key 'title' (what the evidence shows, in plain words)",
      },
    ]);
  });

  it('gives numbers, lengths and counts with the limit and the actual value', () => {
    const signoff = (count: string) => contractWith('signoffs:', `  - { role: sre, count: ${count} }`);
    expect(errorsOf(signoff('0'))).toEqual([{ path: 'signoffs[0].count', line: 8, column: 25, message: 'must be at least 1; got 0' }]);
    expect(errorsOf(signoff('21'))).toEqual([{ path: 'signoffs[0].count', line: 8, column: 25, message: 'must be at most 20; got 21' }]);
    expect(errorsOf(signoff('1.5'))).toEqual([
      { path: 'signoffs[0].count', line: 8, column: 25, message: 'must be a whole number; got 1.5' },
    ]);
    expectValid(signoff('20'));
    expect(errorsOf(lines('version: 1', 'scope:', '  paths: []'))).toEqual([
      { path: 'scope.paths', line: 3, column: 10, message: 'list at least one glob; got an empty list' },
    ]);
    expect(errorsOf(lines('version: 1', 'scope:', `  paths: ["${'a'.repeat(501)}"]`))).toEqual([
      { path: 'scope.paths[0]', line: 3, column: 11, message: 'a glob is at most 500 characters; got 501 characters' },
    ]);
    expect(errorsOf(contractWith('evidence:', '  - { id: a, title: "", owner: sre, file: a.md }'))).toEqual([
      { path: 'evidence[0].title', line: 8, column: 21, message: 'cannot be empty' },
    ]);
  });

  it('keeps the rule written in the schema and adds the value that broke it', () => {
    expect(errorsOf(lines('version: 1', 'scope: { paths: [a] }', 'roles:', '  ML Lead: ["@alice"]', '  sre: [bob]'))).toEqual([
      {
        path: 'roles["ML Lead"]',
        line: 4,
        column: 3,
        message: 'a role name is lower-case letters, digits, "-" or "_", starting with a letter; got \'ML Lead\'',
      },
      { path: 'roles.sre[0]', line: 5, column: 9, message: "a member is written @login or @org/team; got 'bob'" },
    ]);
    expect(errorsOf(contractWith('evidence:', '  - { id: a, title: A, owner: sre, checks: [x], enforce_from: 2027/01/15 }'))).toEqual([
      { path: 'evidence[0].enforce_from', line: 8, column: 63, message: "a date is written YYYY-MM-DD; got '2027/01/15'" },
    ]);
  });

  it('explains field constraints: at least one, and single values only', () => {
    const evidence = (field: string) =>
      contractWith('evidence:', '  - id: a', '    title: A', '    owner: sre', '    file: a.json', '    fields:', `      - ${field}`);
    expect(errorsOf(evidence('{ path: metrics.auc }'))).toEqual([
      {
        path: 'evidence[0].fields[0]',
        line: 13,
        column: 9,
        message: 'a field needs at least one constraint: exists, min, max, equals, pattern, one_of or digest_of',
      },
    ]);
    expect(errorsOf(evidence('{ path: a, equals: { b: 1 } }'))).toEqual([
      {
        path: 'evidence[0].fields[0].equals',
        line: 13,
        column: 28,
        message: 'expected a string, a number, true or false, or an empty value, got a mapping',
      },
    ]);
    expectValid(evidence('{ path: a, equals: null }'));
  });

  it('reports every shape error at once, in file order', () => {
    const errors = errorsOf(lines('version: 3', 'scope: {}', 'evidence: 1', 'extra: 2'));
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [1, 'version'],
      [2, 'scope.paths'],
      [3, 'evidence'],
      [4, 'extra'],
    ]);
  });
});
