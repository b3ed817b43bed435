import { describe, expect, it } from '@jest/globals';
import type { DashboardResult } from '../../src/app/evaluate-dashboard.js';
import type { EvaluationResult } from '../../src/app/evaluate-pull.js';
import { nextDashboardEvaluation, nextEvaluation } from '../../src/app/next-evaluation.js';
import type { BranchVerdict } from '../../src/evaluate/branch-head.js';
import type { Verdict } from '../../src/evaluate/verdict.js';

const verdict = (nextChangeAt: string | null) => ({ nextChangeAt }) as Verdict;

describe("what an evaluation means for its pull request's schedule", () => {
  it("schedules a verdict's next change, and clears it when time cannot change the verdict", () => {
    expect(nextEvaluation({ outcome: 'evaluated', verdict: verdict('2026-11-23T10:00:00.000Z') })).toEqual({ at: '2026-11-23T10:00:00.000Z' });
    expect(nextEvaluation({ outcome: 'evaluated', verdict: verdict(null) })).toEqual({ at: null });
  });

  it('clears it for what only an event can change: closed, no contract, a broken contract, a shared head', () => {
    const results: EvaluationResult[] = [{ outcome: 'closed' }, { outcome: 'no-contract' }, { outcome: 'contract-error' }, { outcome: 'shared-head', pulls: [1, 2] }];
    expect(results.map(nextEvaluation)).toEqual(results.map(() => ({ at: null })));
  });

  it('keeps it when GitHub would not give the contract (the verdict was not judged, the next try may be)', () => {
    expect(nextEvaluation({ outcome: 'contract-unavailable', message: '502' })).toBe('keep');
  });
});

describe("what an evaluation means for its repository's dashboard schedule", () => {
  const evaluated = (nextChangeAt: string | null): DashboardResult => ({ outcome: 'evaluated', verdict: { nextChangeAt } as BranchVerdict, issue: 'unchanged', nextChangeAt });

  it("schedules the dashboard's next change, and clears it when time cannot change the dashboard", () => {
    expect(nextDashboardEvaluation(evaluated('2026-11-30T12:00:00.000Z'))).toEqual({ at: '2026-11-30T12:00:00.000Z' });
    expect(nextDashboardEvaluation(evaluated(null))).toEqual({ at: null });
  });

  it('clears it when the contract is gone, broken or turns the dashboard off (a push judges it again)', () => {
    const results: DashboardResult[] = [{ outcome: 'no-contract', nextChangeAt: null }, { outcome: 'disabled', nextChangeAt: null }, { outcome: 'contract-error', nextChangeAt: null }];
    expect(results.map(nextDashboardEvaluation)).toEqual(results.map(() => ({ at: null })));
  });

  it('keeps it when GitHub would not give the contract', () => {
    expect(nextDashboardEvaluation({ outcome: 'contract-unavailable', message: '502', nextChangeAt: null })).toBe('keep');
  });
});
