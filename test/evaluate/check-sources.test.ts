/** The judge of which check reports count: every source a pull request author could control is refused. */
import { describe, expect, it } from '@jest/globals';
import type { CheckEntry } from '../../src/contract/schema.js';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import type { CheckObservation } from '../../src/facts/snapshot.js';
import type { ChangedFile } from '../../src/facts/snapshot.js';
import { buildContract, buildSnapshot } from '../support/snapshot-builder.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const EVAL_WORKFLOW = '.github/workflows/eval.yml';

const actions = (conclusion: CheckObservation['conclusion'], file: string | null = EVAL_WORKFLOW, calls: string[] = []): CheckObservation => ({
  kind: 'check_run',
  app: 'github-actions',
  conclusion,
  workflow: file === null ? { file: null, reason: 'no workflow run of the head commit belongs to its check suite' } : { file, calls },
});
const appRun = (app: string, conclusion: CheckObservation['conclusion']): CheckObservation => ({ kind: 'check_run', app, conclusion });
const status = (login: string, type: 'User' | 'Bot', conclusion: CheckObservation['conclusion']): CheckObservation => ({
  kind: 'status',
  creator: { login, type },
  conclusion,
});

/** One evidence item asking for `entry`, judged with these reports of `model-eval` on a PR changing `files`. */
function judge(entry: CheckEntry, observations: CheckObservation[], files: (string | ChangedFile)[] = ['models/train.py'], truncated = false) {
  const name = typeof entry === 'string' ? entry : entry.name;
  const contract = buildContract({
    scope: { paths: ['models/**'] },
    roles: { 'ml-lead': ['@alice'] },
    evidence: [{ id: 'gate', title: 'Gate', owner: 'ml-lead', checks: [entry] }],
  });
  const verdict = evaluate(compileContract(contract), buildSnapshot({ files, truncated, checks: { [name]: observations } }), NOW);
  const [item] = verdict.evidence;
  return { status: item?.status, problems: item?.problems.map((p) => p.message) };
}

const MET = { status: 'met', problems: [] };

describe('a plain check name', () => {
  it('counts a success from another app, from a bot status, and from an unchanged workflow', () => {
    expect(judge('model-eval', [appRun('buildkite', 'success')])).toEqual(MET);
    expect(judge('model-eval', [status('ci-app[bot]', 'Bot', 'success')])).toEqual(MET);
    expect(judge('model-eval', [actions('success')])).toEqual(MET);
  });

  it('never counts a commit status set by a person, such as the author with their own token', () => {
    expect(judge('model-eval', [status('alice', 'User', 'success')])).toEqual({
      status: 'missing',
      problems: ["check 'model-eval' succeeded, but no success counts: a commit status posted by @alice, a person"],
    });
  });

  it('never counts a status of github-actions[bot], which a workflow of the pull request could post', () => {
    expect(judge('model-eval', [status('github-actions[bot]', 'Bot', 'success')]).problems).toEqual([
      "check 'model-eval' succeeded, but no success counts: a commit status posted by @github-actions[bot], which any workflow can post, including one this pull request adds",
    ]);
  });

  it('is a gap when any source failed, even when another app later said success', () => {
    expect(judge('model-eval', [actions('failure'), appRun('other-app', 'success')])).toEqual({
      status: 'missing',
      problems: [
        `check 'model-eval' concluded failure (GitHub Actions, ${EVAL_WORKFLOW}); a failure from any source is a gap, whatever another says`,
      ],
    });
    for (const conclusion of ['error', 'timed_out', 'cancelled', 'action_required', 'stale', 'startup_failure'] as const) {
      expect(judge('model-eval', [appRun('ci', 'success'), status('ci[bot]', 'Bot', conclusion as CheckObservation['conclusion'])]).status).toBe('missing');
    }
    // A person's failing status blocks too: failing closed costs nothing but a re-run.
    expect(judge('model-eval', [appRun('ci', 'success'), status('alice', 'User', 'failure')]).status).toBe('missing');
  });

  it('never counts an Actions run of a workflow the pull request adds, changes or renames', () => {
    const added = judge('model-eval', [actions('success', '.github/workflows/anything.yml')], ['models/a.py', { path: '.github/workflows/anything.yml', status: 'added' }]);
    expect(added).toEqual({
      status: 'missing',
      problems: ["check 'model-eval' succeeded, but no success counts: from .github/workflows/anything.yml, which this pull request changes"],
    });
    const renamed = judge('model-eval', [actions('success')], ['models/a.py', { path: EVAL_WORKFLOW, previousPath: '.github/workflows/old.yml', status: 'renamed' }]);
    expect(renamed.status).toBe('missing');
    // The control: the same run, with the workflow left alone.
    expect(judge('model-eval', [actions('success', '.github/workflows/anything.yml')], ['models/a.py'])).toEqual(MET);
  });

  it('never counts an Actions run that calls a reusable workflow the pull request changes', () => {
    const run = actions('success', EVAL_WORKFLOW, ['.github/workflows/reusable.yml']);
    expect(judge('model-eval', [run], ['models/a.py', '.github/workflows/reusable.yml']).problems).toEqual([
      `check 'model-eval' succeeded, but no success counts: from ${EVAL_WORKFLOW}, which calls .github/workflows/reusable.yml, which this pull request changes`,
    ]);
    expect(judge('model-eval', [run], ['models/a.py'])).toEqual(MET);
  });

  it('never counts an Actions run whose workflow is unknown, or any Actions run when the file list is cut', () => {
    expect(judge('model-eval', [actions('success', null)]).problems).toEqual([
      "check 'model-eval' succeeded, but no success counts: a GitHub Actions run whose workflow could not be determined (no workflow run of the head commit belongs to its check suite)",
    ]);
    expect(judge('model-eval', [actions('success')], ['models/a.py'], true).problems).toEqual([
      `check 'model-eval' succeeded, but no success counts: from ${EVAL_WORKFLOW}, which this pull request may change (GitHub listed only part of its files)`,
    ]);
  });

  it('counts once any one success counts, and names every refused one otherwise', () => {
    expect(judge('model-eval', [status('alice', 'User', 'success'), appRun('ci', 'success')])).toEqual(MET);
    expect(judge('model-eval', [status('alice', 'User', 'success'), actions('success', null)]).problems).toEqual([
      "check 'model-eval' succeeded, but no success counts: a commit status posted by @alice, a person; a GitHub Actions run whose workflow could not be determined (no workflow run of the head commit belongs to its check suite)",
    ]);
  });

  it('waits for a report still running, from any source', () => {
    expect(judge('model-eval', [appRun('ci', 'success'), actions('pending')]).problems).toEqual([
      `check 'model-eval' is still running (GitHub Actions, ${EVAL_WORKFLOW})`,
    ]);
  });
});

describe('a named source', () => {
  const pinned = { name: 'model-eval', app: 'github-actions', workflow: EVAL_WORKFLOW };

  it('workflow: counts only runs of that workflow file, and only while the pull request leaves it alone', () => {
    expect(judge(pinned, [actions('success')])).toEqual(MET);
    expect(judge(pinned, [actions('success', '.github/workflows/other.yml')]).problems).toEqual([
      `check 'model-eval' succeeded, but no success counts: from .github/workflows/other.yml, not ${EVAL_WORKFLOW}`,
    ]);
    expect(judge(pinned, [appRun('buildkite', 'success')]).problems).toEqual([
      "check 'model-eval' succeeded, but no success counts: a check run of buildkite, and only github-actions counts",
    ]);
    expect(judge(pinned, [actions('success')], ['models/a.py', EVAL_WORKFLOW]).status).toBe('missing');
    expect(judge(pinned, [status('ci-app[bot]', 'Bot', 'success')]).problems).toEqual([
      "check 'model-eval' succeeded, but no success counts: a commit status posted by @ci-app[bot], and only check runs of github-actions count",
    ]);
  });

  it('app: counts only check runs of that app', () => {
    expect(judge({ name: 'model-eval', app: 'buildkite' }, [appRun('buildkite', 'success')])).toEqual(MET);
    expect(judge({ name: 'model-eval', app: 'buildkite' }, [appRun('impostor', 'success')]).status).toBe('missing');
  });

  it('status_from: counts statuses of those accounts only, people included, and no check runs', () => {
    const jenkins = { name: 'ci/jenkins', status_from: ['Jenkins-Bot'] };
    expect(judge(jenkins, [status('jenkins-bot', 'User', 'success')])).toEqual(MET);
    expect(judge(jenkins, [status('alice', 'User', 'success')]).problems).toEqual([
      "check 'ci/jenkins' succeeded, but no success counts: a commit status posted by @alice, who is not listed in status_from",
    ]);
    expect(judge(jenkins, [status('other-app[bot]', 'Bot', 'success')]).status).toBe('missing');
    expect(judge(jenkins, [appRun('ci', 'success')]).problems).toEqual([
      "check 'ci/jenkins' succeeded, but no success counts: a check run of ci, and only commit statuses from jenkins-bot count",
    ]);
    // Its own failure is still a gap whoever else says success.
    expect(judge(jenkins, [status('jenkins-bot', 'User', 'success'), appRun('ci', 'failure')]).status).toBe('missing');
  });

  it('app and status_from together: either source counts', () => {
    const both = { name: 'e2e', app: 'buildkite', status_from: ['buildkite-agent'] };
    expect(judge(both, [appRun('buildkite', 'success')])).toEqual(MET);
    expect(judge(both, [status('buildkite-agent', 'User', 'success')])).toEqual(MET);
    expect(judge(both, [status('alice', 'User', 'success')]).status).toBe('missing');
  });
});

// Conclusions GitHub may add later are read as failures where they enter (test/facts/github-boundaries.test.ts).
describe('reports that do not pass', () => {
  it('reads a failure beside a success, or no report at all, as a gap', () => {
    expect(judge('model-eval', [appRun('ci', 'failure'), appRun('ci2', 'success')]).status).toBe('missing');
    expect(judge('model-eval', [appRun('ci', 'pending')]).status).toBe('missing');
    expect(judge('model-eval', []).problems).toEqual(["check 'model-eval' has not run on the head commit"]);
  });
});
