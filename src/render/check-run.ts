/**
 * The `readiness` check run's output (SPEC §3.1): counts as the title, the
 * checklist as the summary, the audit record as the details text, and evidence
 * problems or contract errors as annotations. Sizes are kept within GitHub's
 * limits here; batching annotations (50 per request) is the publisher's job.
 */
import { CONTRACT_PATH } from '../contract/location.js';
import type { ContractError } from '../contract/parse.js';
import type { Conclusion, EvidenceResult, EvidenceStatus, Problem, Verdict } from '../evaluate/verdict.js';
import { renderAuditRecord, type AuditContext } from './audit-record.js';
import { renderChecklist } from './checklist.js';
import { OUT_OF_SCOPE_TITLE, countsLine } from './counts.js';
import { ANNOTATION_TITLE_LIMIT, GITHUB_TEXT_LIMIT, cutMarkdown, shorten, utf8Length } from './limits.js';
import { code, inline } from './markdown.js';
import { recordOfContractErrors, recordOfVerdict } from '../audit/from-verdict.js';
import { recordLine } from '../audit/record-line.js';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text: string;
  annotations: Annotation[];
}

const SUMMARY_CUT =
  "_The checklist was cut here to fit GitHub's size limit. Run `readiness-gate check` in a checkout of this branch to see every evidence item; the check's details hold the audit record._";
const TEXT_CUT =
  "_The audit record was cut here to fit GitHub's size limit. The checklist comment on the pull request shows the status of every requirement._";

const LEVEL_ORDER = { failure: 0, warning: 1, notice: 2 } as const;


function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortAnnotations(annotations: Annotation[]): Annotation[] {
  return [...annotations].sort(
    (a, b) =>
      compare(a.path, b.path) ||
      compare(a.start_line, b.start_line) ||
      compare(a.start_column ?? 0, b.start_column ?? 0) ||
      compare(LEVEL_ORDER[a.annotation_level], LEVEL_ORDER[b.annotation_level]) ||
      compare(a.title ?? '', b.title ?? '') ||
      compare(a.message, b.message),
  );
}

const LEVEL: Record<EvidenceStatus, Annotation['annotation_level'] | null> = {
  missing: 'failure',
  warning: 'warning',
  waived: 'warning',
  met: 'notice',
  not_applicable: null,
};

function problemAnnotation(item: EvidenceResult, problem: Problem, level: Annotation['annotation_level']): Annotation[] {
  const path = problem.file ?? item.file;
  if (path === undefined || path === '' || problem.line === undefined) return [];
  return [
    {
      path,
      start_line: problem.line,
      end_line: problem.line,
      annotation_level: level,
      message: shorten(problem.message, GITHUB_TEXT_LIMIT),
      title: shorten(`${item.title} (${item.id})`, ANNOTATION_TITLE_LIMIT),
    },
  ];
}

export function evidenceAnnotations(verdict: Verdict): Annotation[] {
  return sortAnnotations(
    verdict.evidence.flatMap((item) => {
      const level = LEVEL[item.status];
      return level ? item.problems.flatMap((problem) => problemAnnotation(item, problem, level)) : [];
    }),
  );
}

/**
 * The human-readable record, cut to leave room, then the machine-readable line
 * last (src/audit/record-line.ts), after a blank line so it is its own block.
 */
function withRecordLine(markdown: string, line: string, notice: string): string {
  const human = cutMarkdown(markdown, Math.max(0, GITHUB_TEXT_LIMIT - utf8Length(line) - 2), notice).replace(/\n*$/, '\n');
  return `${human}\n${line}`;
}

export function renderCheckRun(verdict: Verdict, audit: AuditContext): CheckRunOutput & { conclusion: Conclusion } {
  return {
    conclusion: verdict.conclusion,
    title: verdict.inScope ? countsLine(verdict) : OUT_OF_SCOPE_TITLE,
    summary: cutMarkdown(renderChecklist(verdict), GITHUB_TEXT_LIMIT, SUMMARY_CUT),
    text: withRecordLine(renderAuditRecord(verdict, audit), recordLine(recordOfVerdict(verdict, audit)), TEXT_CUT),
    // Errors in the proposed contract are pointed at in the pull request's own version of the file.
    annotations: [...proposedContractAnnotations(verdict), ...evidenceAnnotations(verdict)],
  };
}

function proposedContractAnnotations(verdict: Verdict): Annotation[] {
  const errors = verdict.notes.flatMap((note) => (note.kind === 'proposed-contract' ? note.errors : []));
  return contractErrorAnnotations(errors, CONTRACT_PATH);
}

/** GitHub refuses a whole check run whose annotation has no line ≥ 1, so a position outside the file is not sent. */
function validLine(line: number): boolean {
  return Number.isInteger(line) && line >= 1;
}

function errorPlace(error: ContractError): string {
  const place = validLine(error.line) ? `line ${error.line}${validLine(error.column) ? `, column ${error.column}` : ''}` : 'unknown line';
  return error.path ? `${place}, at ${code(error.path)}` : place;
}

function contractErrorAnnotation(error: ContractError, contractPath: string): Annotation {
  const line = validLine(error.line) ? error.line : 1;
  const message = error.path ? `${error.path}: ${error.message}` : error.message;
  return {
    path: contractPath,
    start_line: line,
    end_line: line,
    ...(validLine(error.column) ? { start_column: error.column, end_column: error.column } : {}),
    annotation_level: 'failure',
    message: shorten(message, GITHUB_TEXT_LIMIT),
    title: 'Contract error',
  };
}

function contractErrorAnnotations(errors: readonly ContractError[], contractPath: string): Annotation[] {
  return sortAnnotations(errors.map((error) => contractErrorAnnotation(error, contractPath)));
}

export function renderContractErrors(
  errors: ContractError[],
  contractPath: string,
): CheckRunOutput & { conclusion: 'failure' } {
  const all = errors;
  const first = all[0];
  const title =
    all.length > 1 ? `${all.length} contract errors` : `Contract error: ${first ? first.message : 'the contract could not be read'}`;
  const count = all.length === 0 ? 'could not be read' : all.length === 1 ? 'has an error' : `has ${all.length} errors`;
  const intro = `The readiness contract ${code(contractPath)} ${count}, so this pull request cannot be judged and the check fails until the contract on the base branch is fixed. Run \`readiness-gate validate\` to check a contract locally.`;
  const items = all.map((error) => `- ${errorPlace(error)}: ${inline(error.message)}`);
  const summary = cutMarkdown(
    ['## Production readiness: ❌ contract error', '', intro, '', ...items, ''].join('\n'),
    GITHUB_TEXT_LIMIT,
    '_More errors were cut to fit GitHub\'s size limit; run `readiness-gate validate` to see them all._',
  );
  const record = withRecordLine(
    ['### Audit record', '', `- Contract: ${code(contractPath)}, not usable`, ...items, ''].join('\n'),
    recordLine(recordOfContractErrors(all, contractPath)),
    '_More errors were cut to fit GitHub\'s size limit._',
  );
  return {
    conclusion: 'failure',
    title: shorten(title, ANNOTATION_TITLE_LIMIT),
    summary,
    text: record,
    annotations: contractErrorAnnotations(all, contractPath),
  };
}
