import { describe, expect, it } from '@jest/globals';
import { checkRequirement, describeCheck } from '../../src/contract/check-entries.js';
import { contractNeeds } from '../../src/evaluate/fact-needs.js';
import { parseContract } from '../../src/contract/parse.js';
import { contractWith, errorsOf, expectValid } from './contract-text.js';

/** A checks list on line 8, after `evidence:` on line 7 and the item's opening on line 8. */
const checks = (...rows: string[]) =>
  contractWith('evidence:', '  - id: gate', '    title: Gate', '    owner: sre', '    checks:', ...rows.map((row) => `      - ${row}`));

describe('checks: plain names and named sources', () => {
  it('accepts both forms of SPEC §1', () => {
    expectValid(
      checks(
        'model-eval',
        '{ name: model-eval, app: github-actions, workflow: .github/workflows/eval.yml }',
        '{ name: ci/jenkins, status_from: [jenkins-bot] }',
        '{ name: e2e, app: buildkite, status_from: [buildkite-agent, "my-app[bot]"] }',
        '{ name: lint, workflow: .github/workflows/lint.yaml }',
      ),
    );
  });

  it('reads every form as one requirement, a workflow implying GitHub Actions and logins ignoring case', () => {
    expect(checkRequirement('model-eval')).toEqual({ name: 'model-eval' });
    expect(checkRequirement({ name: 'e', workflow: '.github/workflows/e.yml' })).toEqual({ name: 'e', app: 'github-actions', workflow: '.github/workflows/e.yml' });
    expect(checkRequirement({ name: 'j', status_from: ['Jenkins-Bot'] })).toEqual({ name: 'j', statusFrom: ['jenkins-bot'] });
    expect(describeCheck(checkRequirement({ name: 'e', workflow: '.github/workflows/e.yml' }))).toBe('e (workflow .github/workflows/e.yml)');
    expect(describeCheck(checkRequirement({ name: 'j', app: 'ci', status_from: ['bot'] }))).toBe('j (app ci or statuses from bot)');
  });

  it('still lists the names the app listens for (check_run and status events)', () => {
    const result = parseContract(checks('b', '{ name: a, app: ci }', '{ name: b, status_from: [x] }'));
    expect(result.ok && contractNeeds(result.contract).checks).toEqual(['a', 'b']);
  });

  it('refuses a workflow that is not a file under .github/workflows/, at the value', () => {
    expect(errorsOf(checks('{ name: e, workflow: ci/eval.yml }'))).toEqual([
      {
        path: 'evidence[0].checks[0].workflow',
        line: 12,
        column: 30,
        message: "'ci/eval.yml' is not a workflow file; GitHub Actions runs .yml or .yaml files directly under .github/workflows/, e.g. .github/workflows/eval.yml",
      },
    ]);
    expect(errorsOf(checks('{ name: e, workflow: .github/workflows/sub/e.yml }'))[0]?.path).toBe('evidence[0].checks[0].workflow');
    expect(errorsOf(checks('{ name: e, workflow: .github/workflows/e.json }'))[0]?.path).toBe('evidence[0].checks[0].workflow');
  });

  it('refuses a workflow with an app other than GitHub Actions', () => {
    expect(errorsOf(checks('{ name: e, app: circleci, workflow: .github/workflows/e.yml }'))).toEqual([
      {
        path: 'evidence[0].checks[0].app',
        line: 12,
        column: 25,
        message: "workflow names a GitHub Actions workflow, so app must be github-actions (or be left out); got 'circleci'",
      },
    ]);
  });

  it('refuses github-actions[bot] as a status source: any workflow of a pull request can post as it', () => {
    expect(errorsOf(checks('{ name: e, status_from: ["GitHub-Actions[bot]"] }'))).toEqual([
      {
        path: 'evidence[0].checks[0].status_from[0]',
        line: 12,
        column: 34,
        message:
          "'GitHub-Actions[bot]' posts commit statuses for any workflow, including one a pull request adds; name the check run instead: { name: ..., workflow: .github/workflows/<file>.yml }",
      },
    ]);
  });

  it('explains shape errors inside a named source in plain words', () => {
    expect(errorsOf(checks('{ name: e, apps: ci }'))).toEqual([
      {
        path: 'evidence[0].checks[0].apps',
        line: 12,
        column: 20,
        message: "unknown key 'apps' (did you mean 'app'?); allowed here: name, app, workflow, status_from",
      },
    ]);
    expect(errorsOf(checks('{ app: ci }'))).toEqual([
      { path: 'evidence[0].checks[0].name', line: 12, column: 9, message: "missing required key 'name' (the check-run or commit-status name)" },
    ]);
    expect(errorsOf(checks('{ name: e, status_from: ["@jenkins"] }'))[0]?.message).toBe("a login is written without @, e.g. jenkins-bot; got '@jenkins'");
    expect(errorsOf(checks('{ name: e, app: GitHub Actions }'))[0]?.message).toMatch(/^an app is named by its slug/);
    expect(errorsOf(checks('42'))[0]?.message).toBe('expected a string or a mapping (keys: name, app, workflow, status_from), got a number');
  });
});
