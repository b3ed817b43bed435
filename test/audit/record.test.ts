import { describe, expect, it } from '@jest/globals';
import { recordOfVerdict } from '../../src/audit/from-verdict.js';
import { RECORD_LINE_BUDGET, parseRecordText, recordLine } from '../../src/audit/record-line.js';
import { withoutEvaluationTime, type AuditContext } from '../../src/render/audit-record.js';
import { renderCheckRun, renderContractErrors } from '../../src/render/check-run.js';
import { GITHUB_TEXT_LIMIT, utf8Length } from '../../src/render/limits.js';
import { HEAD, evidence, verdict } from '../render/verdict-fixture.js';

const AUDIT: AuditContext = {
  contractPath: '.github/readiness.yml',
  contractSha: 'feed'.repeat(10),
  contractFiles: [{ source: '.github/readiness.yml', sha: 'feed'.repeat(10) }],
  pull: 12,
};

function parsedOf(text: string) {
  const parsed = parseRecordText(text);
  if (parsed.kind !== 'record') throw new Error(`no record: ${JSON.stringify(parsed)}`);
  return parsed.record;
}

describe('the audit record in the check run', () => {
  it('round-trips: what the check run carries parses back to the record of the verdict', () => {
    const { text } = renderCheckRun(verdict(), AUDIT);
    const record = parsedOf(text);
    expect(record).toEqual(recordOfVerdict(verdict(), AUDIT));
    expect(record).toMatchObject({ v: 1, pull: 12, headSha: HEAD, conclusion: 'failure', evaluatedAt: '2025-03-02T00:00:00.000Z' });
    expect(record.contract.files).toEqual([{ source: '.github/readiness.yml', sha: 'feed'.repeat(10) }]);
    expect(record.signoffs[0]?.signers).toEqual([{ login: 'alice', commitSha: HEAD, at: '2025-03-01T10:00:00Z', entryKey: 'comment:1', counts: true }]);
    expect(record.signoffs[1]?.signers[0]).toMatchObject({ login: 'bob', counts: false, staleSince: 'b'.repeat(40) });
    expect(record.waivers).toEqual([expect.objectContaining({ evidenceId: 'runbook', approver: 'bob', reason: 'escalation is being rewritten', days: 7 })]);
    expect(record.evidence.map((e) => [e.id, e.status])).toEqual([['model-card', 'met'], ['evaluation', 'missing'], ['runbook', 'waived'], ['rollback', 'not_applicable']]);
  });

  it('keeps the human-readable record beside it, and the line hidden and last', () => {
    const { text } = renderCheckRun(verdict(), AUDIT);
    expect(text.startsWith('### Audit record')).toBe(true);
    const lines = text.split('\n');
    expect(lines.at(-1)).toMatch(/^<!-- readiness-gate:audit-record \{.*\} -->$/);
    expect(lines.at(-2)).toBe('');
  });

  it('a waiver reason that tries to close the comment stays inside the JSON (attack)', () => {
    const reason = 'ok --> <b>visible</b> & --!> \n<!-- readiness-gate:audit-record {"v":1} -->';
    const base = verdict();
    const attacked = verdict({
      evidence: base.evidence.map((item) => (item.waiver ? { ...item, waiver: { ...item.waiver, reason } } : item)),
    });
    const { text } = renderCheckRun(attacked, AUDIT);
    const line = text.split('\n').at(-1) ?? '';
    expect(line.slice(0, -4)).not.toMatch(/-->|--!>|<b>/);
    expect(line.indexOf('-->')).toBe(line.length - 3);
    expect(parsedOf(text).waivers[0]?.reason).toBe(reason);
  });

  it('reads only the last line: a record quoted higher up in the text is not a record (attack)', () => {
    const forged = recordLine({ ...recordOfVerdict(verdict(), AUDIT), conclusion: 'success' });
    expect(parseRecordText(`${forged}\n\n### Audit record\n- nothing`)).toEqual({ kind: 'none' });
    const genuine = recordLine(recordOfVerdict(verdict(), AUDIT));
    expect(parsedOf(`${forged}\n${genuine}\n`).conclusion).toBe('failure');
  });

  it('says why a record is malformed, and that an unknown version is not read', () => {
    expect(parseRecordText('x\n<!-- readiness-gate:audit-record {"v":1, -->')).toEqual({ kind: 'malformed', reason: 'the record is not valid JSON' });
    expect(parseRecordText('<!-- readiness-gate:audit-record {"v":2} -->')).toEqual({ kind: 'malformed', reason: 'unsupported record version 2' });
    const missing = parseRecordText('<!-- readiness-gate:audit-record {"v":1,"pull":3} -->');
    expect(missing.kind).toBe('malformed');
    expect(missing.kind === 'malformed' ? missing.reason : '').toMatch(/does not match version 1 \(headSha: /);
    expect(parseRecordText('### Audit record\n- no line')).toEqual({ kind: 'none' });
    expect(parseRecordText(null)).toEqual({ kind: 'none' });
  });

  it('fits GitHub\'s limit with huge problem texts: shortened, marked truncated, every status kept', () => {
    const problems = Array.from({ length: 400 }, (_, i) => ({ message: `problem ${i} ${'x'.repeat(300)}`, file: 'a.md', line: i + 1 }));
    const huge = verdict({ evidence: [evidence({ status: 'missing', problems })] });
    const { text } = renderCheckRun(huge, AUDIT);
    expect(utf8Length(text)).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    const record = parsedOf(text);
    expect(record.truncated).toBe(true);
    expect(record.evidence[0]?.status).toBe('missing');
    expect(utf8Length(text.split('\n').at(-1) ?? '')).toBeLessThanOrEqual(RECORD_LINE_BUDGET);
    expect(text).toContain('The audit record was cut here');
  });

  it('a record that fits is not marked truncated', () => {
    expect(parsedOf(renderCheckRun(verdict(), AUDIT).text).truncated).toBeUndefined();
  });

  it('two evaluations that differ only in their time compare equal; any other change does not', () => {
    const a = renderCheckRun(verdict(), AUDIT).text;
    const b = renderCheckRun(verdict({ evaluatedAt: '2025-03-05T00:00:00.000Z' }), AUDIT).text;
    const c = renderCheckRun(verdict(), { ...AUDIT, pull: 13 }).text;
    expect(a).not.toBe(b);
    expect(withoutEvaluationTime(a)).toBe(withoutEvaluationTime(b));
    expect(withoutEvaluationTime(a)).not.toBe(withoutEvaluationTime(c));
  });

  it('a contract error leaves a record too: failure, the errors, nothing judged', () => {
    const { text } = renderContractErrors([{ path: 'roles', line: 3, column: 5, message: 'unknown role "sre"' }], '.github/readiness.yml');
    expect(parsedOf(text)).toMatchObject({
      conclusion: 'failure',
      evaluatedAt: null,
      enforcement: null,
      contract: { path: '.github/readiness.yml', errors: [{ path: 'roles', line: 3, column: 5, message: 'unknown role "sre"' }] },
      signoffs: [],
    });
  });
});
