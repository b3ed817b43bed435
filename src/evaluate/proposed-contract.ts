/**
 * A pull request that edits the contract also proposes a new one. It is not
 * what judges the pull request (the base branch's contract does), but a broken
 * one would break every later pull request once merged, so its errors are a
 * gap of this pull request, shown with line and column before anyone merges.
 */
import { CONTRACT_PATH } from '../contract/location.js';
import type { ContractError } from '../contract/parse.js';
import type { Verdict } from './verdict.js';

export function judgeProposedContract(verdict: Verdict, errors: readonly ContractError[]): Verdict {
  if (errors.length === 0) {
    return { ...verdict, notes: [...verdict.notes, `The proposed ${CONTRACT_PATH} is valid; it applies once this pull request is merged.`] };
  }
  const listed = errors.map((e) => `${CONTRACT_PATH}:${e.line}:${e.column}: ${e.path ? `${e.path}: ` : ''}${e.message}`);
  const conclusion = verdict.enforcement === 'advisory' ? 'neutral' : 'failure';
  return {
    ...verdict,
    conclusion,
    notes: [...verdict.notes, `The proposed ${CONTRACT_PATH} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`} to fix before merging:`, ...listed],
  };
}
