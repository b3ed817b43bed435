/**
 * Whether a contract judges a pull request at all: a pure function of the
 * compiled contract and the changed files, so the app can decide it before
 * gathering anything (an out-of-scope pull request costs no more requests) and
 * evaluate() decides it the same way. Every name a changed file had counts
 * (a rename out of scope still touched the scope); a cut file list, or a change
 * to the contract itself, is always in scope, because files nobody could see
 * must never let a pull request skip the gate.
 */
import type { CompiledContract } from './compile.js';
import { readChanges, type ChangedFileList, type ChangeSet } from './snapshot-view.js';

export function changesInScope(compiled: CompiledContract, changes: ChangeSet): boolean {
  if (changes.incomplete || changes.contractChanged) return true;
  const inScope = compiled.scope.matcher();
  const ignored = compiled.ignore.matcher();
  return changes.paths.some((path) => inScope(path) && !ignored(path));
}

export function judgeScope(compiled: CompiledContract, files: ChangedFileList): boolean {
  return changesInScope(compiled, readChanges(files));
}
