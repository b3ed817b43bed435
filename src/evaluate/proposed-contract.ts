/**
 * A pull request that edits the contract also proposes a new one. It is not
 * what judges the pull request (the base branch's contract does), but a broken
 * one would break every later pull request once merged, so its errors are a
 * gap of this pull request, shown with line and column before anyone merges.
 * The app and the CLI both get this from evaluate(), from the snapshot.
 */
import { CONTRACT_PATH } from '../contract/location.js';
import { parseContract, type ContractError } from '../contract/parse.js';
import type { ChangedFile, EvidenceFileFact } from '../facts/snapshot.js';
import type { Verdict } from './verdict.js';

/**
 * The pull request leaves a contract of its own at the head: it adds, edits or
 * renames something to the contract's path. Removing the contract proposes
 * none (the base's contract, read from the base, still judges).
 */
export function proposesContract(files: readonly ChangedFile[]): boolean {
  return files.some((f) => f.path === CONTRACT_PATH && f.status !== 'removed');
}

/** The proposed contract's errors: none when it parses and validates; a file that cannot be read is one error. */
export function proposedContractErrors(file: EvidenceFileFact): ContractError[] {
  if (file.state !== 'present') {
    return [{ path: '', line: 1, column: 1, message: file.state === 'absent' ? 'the file is missing at the head commit' : file.reason }];
  }
  const result = parseContract(file.content);
  return result.ok ? [] : result.errors;
}

/** Records the proposed contract on the verdict; errors make it fail (neutral when advisory), never better than it was. */
export function judgeProposedContract(verdict: Verdict, errors: readonly ContractError[]): Verdict {
  const notes = [...verdict.notes, { kind: 'proposed-contract' as const, errors: [...errors] }];
  if (errors.length === 0 || verdict.conclusion === 'failure') return { ...verdict, notes };
  return { ...verdict, conclusion: verdict.enforcement === 'advisory' ? 'neutral' : 'failure', notes };
}
