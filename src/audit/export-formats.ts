/**
 * The audit export's two formats, from the history's entries (pure).
 * - JSON Lines: one evaluation per line, the record whole (as record-schema.ts
 *   defines it) with the repository and the check run that carries it.
 * - CSV: one row per fact, so a spreadsheet can filter them: the evaluation
 *   itself, each signer of each sign-off (a role nobody signed gets one row),
 *   each evidence result, each waiver. Every row repeats the evaluation's
 *   columns, so a filtered row still says which evaluation it belongs to.
 */
import { csvRow, type CsvValue } from './csv.js';
import type { EvaluationEntry } from './history.js';
import type { AuditRecord } from './record-schema.js';

export type ExportFormat = 'jsonl' | 'csv';

export function toJsonLine(entry: EvaluationEntry): string {
  return `${JSON.stringify({ repository: entry.repository, checkRun: entry.checkRun, ...entry.record })}\n`;
}

export const CSV_HEADER = [
  'repository',
  'pull',
  'head_sha',
  'check_run_id',
  'evaluated_at',
  'conclusion',
  'contract',
  'row',
  'name',
  'status',
  'who',
  'commit',
  'at',
  'detail',
] as const;

type Fact = [row: string, name: string, status: string, who: string, commit: string | null, at: string | null, detail: string];

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function contractText(record: AuditRecord): string {
  if (record.contract.files.length === 0) return record.contract.path;
  return record.contract.files.map((file) => `${file.source}@${file.sha ?? 'unknown'}`).join(' ');
}

function evaluationFact(entry: EvaluationEntry): Fact {
  const { record } = entry;
  const errors = record.contract.errors?.map((e) => `${e.line}:${e.column} ${e.path ? `${e.path}: ` : ''}${e.message}`) ?? [];
  const detail = [
    `in scope: ${yesNo(record.inScope)}`,
    `enforcement: ${record.enforcement ?? 'none (contract not usable)'}`,
    `changes the contract: ${yesNo(record.contractChanged)}`,
    ...(errors.length > 0 ? [`contract errors: ${errors.join('; ')}`] : []),
    ...(record.truncated ? ['problem texts shortened to fit the check run'] : []),
  ].join('; ');
  return ['evaluation', entry.checkRun.name, record.conclusion, '', entry.checkRun.headSha, record.evaluatedAt ?? entry.checkRun.completedAt, detail];
}

function signoffFacts(record: AuditRecord): Fact[] {
  return record.signoffs.flatMap((signoff): Fact[] => {
    const needs = `needs ${signoff.required}; ${signoff.trigger}`;
    const blocked = signoff.blockedBy ? `; changes requested by ${signoff.blockedBy.login} at ${signoff.blockedBy.at}` : '';
    if (signoff.signers.length === 0) return [['signoff', signoff.role, signoff.status, '', null, null, `${needs}${blocked}`]];
    return signoff.signers.map((signer): Fact => {
      const why = signer.counts ? 'counts' : signer.staleSince ? `stale since ${signer.staleSince}` : signer.expiredAt ? `expired at ${signer.expiredAt}` : 'does not count';
      return ['signoff', signoff.role, signoff.status, signer.login, signer.commitSha, signer.at, `${why}; ${signer.entryKey}; ${needs}${blocked}`];
    });
  });
}

function evidenceFacts(record: AuditRecord): Fact[] {
  return record.evidence.map((item): Fact => {
    const problems = item.problems.map((p) => `${p.message}${p.file ? ` (${p.file}${p.line !== undefined ? `:${p.line}` : ''})` : ''}`);
    return ['evidence', item.id, item.status, item.owner, null, null, [item.title, ...(item.file ? [`file ${item.file}`] : []), ...problems].join('; ')];
  });
}

function waiverFacts(record: AuditRecord): Fact[] {
  return record.waivers.map((w): Fact => [
    'waiver',
    w.evidenceId,
    w.expired ? 'expired' : 'in force',
    w.approver,
    null,
    w.grantedAt,
    `${w.days} days, expires ${w.expiresAt}; ${w.entryKey}; reason: ${w.reason}`,
  ]);
}

export function toCsvRows(entry: EvaluationEntry): string {
  const { record } = entry;
  const common: CsvValue[] = [entry.repository, record.pull, record.headSha, entry.checkRun.id, record.evaluatedAt ?? entry.checkRun.completedAt, record.conclusion, contractText(record)];
  const facts = [evaluationFact(entry), ...signoffFacts(record), ...evidenceFacts(record), ...waiverFacts(record)];
  return facts.map((fact) => csvRow([...common, ...fact])).join('');
}

/** The whole export as text (the CLI writes it entry by entry through the same functions). */
export function formatEntries(entries: readonly EvaluationEntry[], format: ExportFormat): string {
  if (format === 'jsonl') return entries.map(toJsonLine).join('');
  return csvRow(CSV_HEADER) + entries.map(toCsvRows).join('');
}
