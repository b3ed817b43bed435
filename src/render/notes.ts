/**
 * The words for a verdict's notes. The evaluator records what happened as
 * facts (`Note`); how that reads for people is decided here, once, for the
 * checklist and the audit record alike.
 */
import { CONTRACT_PATH } from '../contract/location.js';
import { formatContractError } from '../contract/parse.js';
import type { Note } from '../evaluate/verdict.js';

/** One note as lines of plain text (each becomes a list item); a proposed contract's errors get one line each. */
export function noteLines(note: Note): string[] {
  switch (note.kind) {
    case 'incomplete-file-list':
      return [
        'GitHub listed only part of the changed files, so the pull request is treated as in scope and every path ' +
          'condition (including a change to the contract) as met: files that could not be seen must not let the gate pass.',
      ];
    case 'contract-problem':
      return [`The contract could not be fully compiled, so the check fails: ${note.problem}.`];
    case 'evaluation-failed':
      return [`The evaluation failed, so the check fails: ${note.message}`];
    case 'proposed-contract': {
      const { errors } = note;
      if (errors.length === 0) return [`The proposed ${CONTRACT_PATH} is valid; it applies once this pull request is merged.`];
      const count = errors.length === 1 ? 'an error' : `${errors.length} errors`;
      return [`The proposed ${CONTRACT_PATH} has ${count} to fix before merging:`, ...errors.map((e) => formatContractError(e, CONTRACT_PATH))];
    }
  }
}

/** Every note of a verdict, in order, as lines of plain text. */
export function notesText(notes: readonly Note[]): string[] {
  return notes.flatMap(noteLines);
}
