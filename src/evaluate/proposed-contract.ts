/**
 * A pull request that edits the contract also proposes a new one. It is not
 * what judges the pull request (the base branch's contract does), but a broken
 * one would break every later pull request once merged, so its errors are a
 * gap of this pull request, shown with line and column before anyone merges.
 */
import type { ContractError } from '../contract/parse.js';
import type { Verdict } from './verdict.js';

export function judgeProposedContract(verdict: Verdict, errors: readonly ContractError[]): Verdict {
  const notes = [...verdict.notes, { kind: 'proposed-contract' as const, errors: [...errors] }];
  if (errors.length === 0) return { ...verdict, notes };
  return { ...verdict, conclusion: verdict.enforcement === 'advisory' ? 'neutral' : 'failure', notes };
}
