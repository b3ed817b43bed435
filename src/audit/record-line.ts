/**
 * How the audit record travels in a check run's text: one hidden line, the
 * text's last, after the human-readable record:
 *
 *   <!-- readiness-gate:audit-record {"v":1,...} -->
 *
 * An HTML comment, so GitHub shows only the human-readable record. `<`, `>`
 * and `&` inside the JSON are written as \u escapes (still the same JSON), so
 * no text in the record (a waiver's reason, a problem quoting a file) can close
 * the comment. Only the last line is ever read, and the app writes it last, so
 * text quoted in the human-readable part above cannot pose as a record. Only
 * the app that created a check run can write its text; the reader trusts a
 * record only in the app's own runs (history.ts).
 */
import { GITHUB_TEXT_LIMIT, truncateToBytes, utf8Length } from '../render/limits.js';
import { auditRecordSchema, type AuditRecord } from './record-schema.js';

const PREFIX = '<!-- readiness-gate:audit-record ';
const SUFFIX = ' -->';

/** The most the line may take of GitHub's 65,535-byte text; the human-readable record gets the rest. */
export const RECORD_LINE_BUDGET = Math.floor(GITHUB_TEXT_LIMIT / 2);
/** Problem texts are cut to this many bytes when the full record would not fit. */
const SHORT_PROBLEM = 200;

function encode(record: AuditRecord): string {
  const json = JSON.stringify(record).replace(/[<>&]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${PREFIX}${json}${SUFFIX}`;
}

function withProblems(record: AuditRecord, map: (message: string) => string | null): AuditRecord {
  return {
    ...record,
    truncated: true,
    evidence: record.evidence.map((item) => ({
      ...item,
      problems: item.problems.flatMap((problem) => {
        const message = map(problem.message);
        return message === null ? [] : [{ ...problem, message }];
      }),
    })),
  };
}

/**
 * The record as its line, within RECORD_LINE_BUDGET: whole when it fits, else
 * with problem texts shortened, else without problem texts (every status,
 * sign-off and waiver is kept: they are what an audit needs). Marked `truncated`
 * when anything was left out.
 */
export function recordLine(record: AuditRecord, budget = RECORD_LINE_BUDGET): string {
  const attempts = [
    () => record,
    () => withProblems(record, (message) => (utf8Length(message) > SHORT_PROBLEM ? `${truncateToBytes(message, SHORT_PROBLEM - 3)}…` : message)),
    () => withProblems(record, () => null),
  ];
  let line = '';
  for (const attempt of attempts) {
    line = encode(attempt());
    if (utf8Length(line) <= budget) return line;
  }
  return line;
}

export function isRecordLine(line: string): boolean {
  return line.startsWith(PREFIX) && line.endsWith(SUFFIX);
}

export type ParsedRecord = { kind: 'record'; record: AuditRecord } | { kind: 'none' } | { kind: 'malformed'; reason: string };

/** The record in a check run's text: its last non-empty line, parsed and checked against the schema. */
export function parseRecordText(text: string | null | undefined): ParsedRecord {
  const last = (text ?? '').trimEnd().split('\n').at(-1) ?? '';
  if (!isRecordLine(last)) return { kind: 'none' };
  let json: unknown;
  try {
    json = JSON.parse(last.slice(PREFIX.length, last.length - SUFFIX.length));
  } catch {
    return { kind: 'malformed', reason: 'the record is not valid JSON' };
  }
  const version = typeof json === 'object' && json !== null ? (json as { v?: unknown }).v : undefined;
  if (version !== 1) return { kind: 'malformed', reason: `unsupported record version ${JSON.stringify(version ?? null)}` };
  const parsed = auditRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'malformed', reason: `the record does not match version 1${issue ? ` (${issue.path.join('.') || 'record'}: ${issue.message})` : ''}` };
  }
  return { kind: 'record', record: parsed.data };
}

/**
 * The line without its evaluation time, for comparing two checks' texts (see
 * render/audit-record.ts withoutEvaluationTime). A line that does not parse is
 * returned as it is.
 */
export function recordLineWithoutTime(line: string): string {
  const parsed = parseRecordText(line);
  if (parsed.kind !== 'record') return line;
  return encode({ ...parsed.record, evaluatedAt: null });
}
