/**
 * `readiness-gate check --json`: the verdict with stable, snake_case keys for
 * scripts. The shape is the same whether the contract was judged or refused, so
 * a script can always read `conclusion` and `errors`.
 */
import type { ContractError } from '../contract/parse.js';
import type { Conclusion, EvidenceStatus, SignoffStatus, Verdict } from '../evaluate/verdict.js';

export interface JsonReport {
  conclusion: Conclusion;
  /** null when the contract could not be read, so scope is unknown. */
  in_scope: boolean | null;
  head_sha: string | null;
  evaluated_at: string | null;
  signoffs: { role: string; status: SignoffStatus }[];
  evidence: { id: string; status: EvidenceStatus; problems: { message: string; file: string | null; line: number | null }[] }[];
  errors: { message: string; path: string; line: number; column: number }[];
}

export function verdictReport(verdict: Verdict): JsonReport {
  return {
    conclusion: verdict.conclusion,
    in_scope: verdict.inScope,
    head_sha: verdict.headSha,
    evaluated_at: verdict.evaluatedAt,
    signoffs: verdict.signoffs.map((signoff) => ({ role: signoff.role, status: signoff.status })),
    evidence: verdict.evidence.map((item) => ({
      id: item.id,
      status: item.status,
      problems: item.problems.map((problem) => ({ message: problem.message, file: problem.file ?? null, line: problem.line ?? null })),
    })),
    // The proposed contract's errors (the working tree changes the contract); the base's own errors never reach a verdict.
    errors: verdict.notes.flatMap((note) => (note.kind === 'proposed-contract' ? note.errors.map(errorEntry) : [])),
  };
}

function errorEntry(error: ContractError): JsonReport['errors'][number] {
  return { message: error.message, path: error.path, line: error.line, column: error.column };
}

export function contractErrorsReport(errors: ContractError[]): JsonReport {
  return {
    conclusion: 'failure',
    in_scope: null,
    head_sha: null,
    evaluated_at: null,
    signoffs: [],
    evidence: [],
    errors: errors.map(errorEntry),
  };
}
