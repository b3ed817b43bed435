/**
 * Check outputs for commits the app refuses, or fails, to judge. Each is a
 * `failure`: GitHub counts `neutral` and `skipped` as passing for a required
 * check, and a commit nobody is judging must not pass.
 */
import type { CheckRunOutput } from './check-run.js';

export interface NotJudged {
  conclusion: 'failure';
  output: CheckRunOutput;
}

function notJudged(title: string, summary: string): NotJudged {
  return { conclusion: 'failure', output: { title, summary, text: '', annotations: [] } };
}

/** Several open pull requests into one base share this head, hence one check run, but not their sign-offs. */
export function sharedHeadCheck(numbers: readonly number[], base: string): NotJudged {
  const list = [...numbers].sort((a, b) => a - b).map((n) => `#${n}`);
  const named = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1) ?? ''}` : (list[0] ?? '');
  return notJudged(
    'Readiness not judged: one commit, several pull requests',
    `This commit is the head of ${named} into \`${base}\`. Readiness is judged per pull request (its sign-offs and labels), ` +
      `but a check belongs to a commit, so one verdict would speak for all of them: close all but one. ` +
      `The remaining pull request is judged again as soon as the others are closed.`,
  );
}

/** A pull request closed without merging leaves its head with no one judged at it. */
export function closedPullCheck(number: number): NotJudged {
  return notJudged(
    'Pull request closed: nothing is judged at this commit',
    `#${number} was closed without being merged, so its verdict no longer stands for this commit ` +
      `(another pull request with the same head must earn its own). Re-opening #${number} judges it again.`,
  );
}

/** A pull request moved to another base: its verdict against the old base no longer stands. */
export function retargetedPullCheck(number: number, from: string, to: string): NotJudged {
  return notJudged(
    `Pull request now targets ${to}: nothing is judged against ${from} at this commit`,
    `#${number} was judged against \`${from}\` and now targets \`${to}\`, where it is judged under that base's own check. ` +
      `A verdict judged against one base branch never stands for another.`,
  );
}

function couldNotEvaluate(reason: string): NotJudged {
  return notJudged(
    'Readiness could not be evaluated',
    `${reason}\n\nSo this change cannot be judged ready. The check is evaluated again on the next event; comment \`/readiness\` to retry now.`,
  );
}

/** The contract could not be read from GitHub (not a broken contract: that gets its errors). */
export function contractUnavailableCheck(message: string): NotJudged {
  return couldNotEvaluate(`The readiness contract could not be loaded: ${message}.`);
}

/** Why an evaluation stopped part-way: the GitHub request that failed, or else the error's own message. */
export type EvaluationStop = { request: { answer: string; method: string | undefined; path: string } } | { message: string };

export function evaluationStoppedCheck(stop: EvaluationStop): NotJudged {
  const why = 'request' in stop ? `${stop.request.answer} to ${stop.request.method ?? 'a request'} ${stop.request.path}` : stop.message;
  return couldNotEvaluate(`The evaluation stopped: ${why}.`);
}
