/**
 * Which reports of a check count (issue 10, point 2). A check name is free
 * text that anyone with write access, any installed app and any workflow can
 * report on a commit, so a report counts only from a source the pull request
 * author cannot control:
 *
 * - any failing report of the name, from any source, is a gap: another
 *   source's later success must not paper over CI's failure;
 * - a commit status set by a person never counts, unless the contract lists
 *   that login in `status_from` (a CI service account); statuses of
 *   `github-actions[bot]` never count, since any workflow, including one the
 *   pull request adds, can post them;
 * - a GitHub Actions run counts only when its workflow file is known and
 *   neither it nor a reusable workflow it calls is changed by the pull
 *   request (a changed workflow runs the author's version);
 * - `app`, `workflow` and `status_from` narrow the sources further; with
 *   `status_from` alone check runs do not count, with `app` alone statuses do
 *   not, with both either does.
 */
import { ACTIONS_APP, ACTIONS_BOT, type CheckRequirement } from '../contract/check-entries.js';
import type { CheckObservation } from '../facts/snapshot.js';
import type { ChangeSet } from './snapshot-view.js';

/** Neither success, pending nor a plain "no opinion": anything else (including conclusions GitHub adds later) fails. */
const NO_VERDICT: ReadonlySet<string> = new Set(['neutral', 'skipped']);

/** What is wrong with one required check, or undefined when a report that counts says success and none fails. */
export function checkProblem(requirement: CheckRequirement, observations: readonly CheckObservation[], changes: ChangeSet): string | undefined {
  const name = `check '${requirement.name}'`;
  if (observations.length === 0) return `${name} has not run on the head commit`;
  const failing = observations.filter((o) => o.conclusion !== 'success' && o.conclusion !== 'pending' && !NO_VERDICT.has(o.conclusion));
  if (failing.length > 0) {
    const overruled = observations.some((o) => o.conclusion === 'success') ? '; a failure from any source is a gap, whatever another says' : '';
    return `${name} ${failing.map((o) => `concluded ${o.conclusion} (${sourceOf(o)})`).join(', and ')}${overruled}`;
  }
  const pending = observations.filter((o) => o.conclusion === 'pending');
  if (pending.length > 0) return `${name} is still running (${pending.map(sourceOf).join('; ')})`;
  const successes = observations.filter((o) => o.conclusion === 'success');
  if (successes.length === 0) return `${name} ${observations.map((o) => `concluded ${o.conclusion} (${sourceOf(o)})`).join(', and ')}`;
  const refusals = successes.map((o) => whyNotCounted(o, requirement, changes));
  if (refusals.some((reason) => reason === undefined)) return undefined;
  return `${name} succeeded, but no success counts: ${refusals.join('; ')}`;
}

function sourceOf(observation: CheckObservation): string {
  if (observation.kind === 'status') return observation.creator ? `status by @${observation.creator.login}` : 'status by an unnamed account';
  if (observation.app === ACTIONS_APP && observation.workflow?.file) return `GitHub Actions, ${observation.workflow.file}`;
  return observation.app === '' ? 'check run of an unnamed app' : `check run of ${observation.app}`;
}

function whyNotCounted(observation: CheckObservation, requirement: CheckRequirement, changes: ChangeSet): string | undefined {
  return observation.kind === 'status' ? statusRefusal(observation, requirement) : checkRunRefusal(observation, requirement, changes);
}

function statusRefusal(status: CheckObservation & { kind: 'status' }, requirement: CheckRequirement): string | undefined {
  const creator = status.creator;
  if (creator === null) return 'a commit status whose creator GitHub did not name';
  const who = `@${creator.login}`;
  if (requirement.statusFrom !== undefined) {
    return requirement.statusFrom.includes(creator.login.toLowerCase()) ? undefined : `a commit status posted by ${who}, who is not listed in status_from`;
  }
  if (requirement.app !== undefined) return `a commit status posted by ${who}, and only check runs of ${requirement.app} count`;
  if (creator.login.toLowerCase() === ACTIONS_BOT) {
    return `a commit status posted by ${who}, which any workflow can post, including one this pull request adds`;
  }
  if (creator.type === 'User') return `a commit status posted by ${who}, a person`;
  if (creator.type !== 'Bot') return `a commit status posted by ${who}, which is not an app`;
  return undefined;
}

function checkRunRefusal(run: CheckObservation & { kind: 'check_run' }, requirement: CheckRequirement, changes: ChangeSet): string | undefined {
  const of = run.app === '' ? 'an unnamed app' : run.app;
  if (requirement.app === undefined && requirement.statusFrom !== undefined) {
    return `a check run of ${of}, and only commit statuses from ${requirement.statusFrom.join(', ')} count`;
  }
  if (run.app === '') return 'a check run whose app GitHub did not name';
  if (requirement.app !== undefined && run.app !== requirement.app) return `a check run of ${of}, and only ${requirement.app} counts`;
  if (run.app !== ACTIONS_APP) return undefined;
  const workflow = run.workflow;
  if (workflow === undefined || workflow.file === null) {
    return `a GitHub Actions run whose workflow could not be determined${workflow ? ` (${workflow.reason})` : ''}`;
  }
  const from = `from ${workflow.file}`;
  if (requirement.workflow !== undefined && workflow.file !== requirement.workflow) return `${from}, not ${requirement.workflow}`;
  if (changes.incomplete) return `${from}, which this pull request may change (GitHub listed only part of its files)`;
  const changed = new Set(changes.paths);
  if (changed.has(workflow.file)) return `${from}, which this pull request changes`;
  const called = workflow.calls.find((file) => changed.has(file));
  if (called !== undefined) return `${from}, which calls ${called}, which this pull request changes`;
  return undefined;
}
