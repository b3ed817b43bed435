/**
 * What an evaluation means for its pull request's schedule: the instant its
 * verdict changes by time alone, nothing (cleared), or "leave it": the rule
 * in one place.
 *
 * - A verdict schedules its `nextChangeAt` (null clears: out of scope, or no
 *   time rule can change it).
 * - A closed pull request, a repository without a contract, a broken contract
 *   and a head shared by several pull requests are judged again only by an
 *   event (re-opening, a contract push, closing the others), so the schedule
 *   is cleared.
 * - A contract GitHub would not give says nothing about time: whatever was
 *   scheduled stays, since an instant kept too long only costs an evaluation
 *   while one dropped would leave a wrong check standing.
 *
 * A repository's dashboard follows the same rule: its `nextChangeAt` when
 * evaluated; cleared when the contract is gone, broken or turns the dashboard
 * off (a push to the default branch judges it again); kept when the contract
 * could not be read.
 */
import type { DashboardResult } from './evaluate-dashboard.js';
import type { EvaluationResult } from './evaluate-pull.js';

export type ScheduleChange = { at: string | null } | 'keep';

export function nextEvaluation(result: EvaluationResult): ScheduleChange {
  switch (result.outcome) {
    case 'evaluated':
      return { at: result.verdict.nextChangeAt };
    case 'contract-unavailable':
      return 'keep';
    case 'closed':
    case 'no-contract':
    case 'contract-error':
    case 'shared-head':
      return { at: null };
  }
}

export function nextDashboardEvaluation(result: DashboardResult): ScheduleChange {
  switch (result.outcome) {
    case 'evaluated':
      return { at: result.nextChangeAt };
    case 'contract-unavailable':
      return 'keep';
    case 'no-contract':
    case 'disabled':
    case 'contract-error':
      return { at: null };
  }
}
