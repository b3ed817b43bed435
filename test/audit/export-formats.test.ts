import { describe, expect, it } from '@jest/globals';
import { csvCell, csvRow } from '../../src/audit/csv.js';
import { CSV_HEADER, formatEntries, toCsvRows, toJsonLine } from '../../src/audit/export-formats.js';
import { recordOfVerdict } from '../../src/audit/from-verdict.js';
import type { EvaluationEntry } from '../../src/audit/history.js';
import { HEAD, verdict } from '../render/verdict-fixture.js';

function entry(reason = 'escalation is being rewritten'): EvaluationEntry {
  const record = recordOfVerdict(verdict(), { contractPath: '.github/readiness.yml', contractSha: 'feed'.repeat(10), pull: 12 });
  return {
    repository: 'acme/models',
    checkRun: { id: 77, name: 'readiness', headSha: HEAD, conclusion: 'failure', completedAt: '2025-03-02T00:00:01Z', url: null },
    record: { ...record, waivers: record.waivers.map((w) => ({ ...w, reason })) },
  };
}

/** A minimal RFC 4180 reader, to prove the writer's output reads back to the same cells. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') endCell();
    else if (char === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += char;
  }
  return rows;
}

describe('CSV cells (RFC 4180)', () => {
  it('leaves plain text alone and quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "yes"')).toBe('"say ""yes"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvRow(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });

  it.each(['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'neutralises a formula start in %j (attack): a leading quote mark, and quoted',
    (attack) => {
      const cell = csvCell(attack);
      expect(cell.startsWith(`"'`)).toBe(true);
      expect(readCsv(`${cell}\r\n`)).toEqual([[`'${attack}`]]);
    },
  );

  it('does not touch a formula character that is not first', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('user@example')).toBe('user@example');
  });
});

describe('the export formats', () => {
  it('JSON Lines: one evaluation per line, the record whole', () => {
    const text = formatEntries([entry(), entry('second\nline')], 'jsonl');
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const first = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(first).toMatchObject({ repository: 'acme/models', checkRun: { id: 77 }, v: 1, pull: 12, headSha: HEAD, conclusion: 'failure' });
    expect((JSON.parse(lines[1] ?? '') as { waivers: { reason: string }[] }).waivers[0]?.reason).toBe('second\nline');
    expect(toJsonLine(entry())).toBe(`${lines[0]}\n`);
  });

  it('CSV: a header, then one row per fact, each naming its evaluation', () => {
    const rows = readCsv(formatEntries([entry()], 'csv'));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    const body = rows.slice(1);
    expect(body.map((r) => [r[7], r[8], r[9], r[10]])).toEqual([
      ['evaluation', 'readiness', 'failure', ''],
      ['signoff', 'ml-lead', 'met', 'alice'],
      ['signoff', 'sre', 'stale', 'bob'],
      ['signoff', 'privacy', 'not_applicable', ''],
      ['evidence', 'model-card', 'met', 'ml-lead'],
      ['evidence', 'evaluation', 'missing', 'ml-lead'],
      ['evidence', 'runbook', 'waived', 'sre'],
      ['evidence', 'rollback', 'not_applicable', 'sre'],
      ['waiver', 'runbook', 'in force', 'bob'],
    ]);
    for (const row of body) expect(row.slice(0, 7)).toEqual(['acme/models', '12', HEAD, '77', '2025-03-02T00:00:00.000Z', 'failure', `.github/readiness.yml@${'feed'.repeat(10)}`]);
    expect(body[1]?.slice(11, 13)).toEqual([HEAD, '2025-03-01T10:00:00Z']);
    expect(body[2]?.[13]).toMatch(/^stale since b{40}; comment:2/);
    expect(body[5]?.[13]).toContain('metrics.auc is 0.74, needs ≥ 0.80 (reports/eval.json:3)');
  });

  it('CSV: a login or reason written as a formula reads back as text, whole (attack)', () => {
    const base = entry();
    const attacked: EvaluationEntry = { ...base, record: { ...base.record, waivers: base.record.waivers.map((w) => ({ ...w, approver: '@bob' })) } };
    expect(readCsv(toCsvRows(attacked)).find((r) => r[7] === 'waiver')?.[10]).toBe("'@bob");
    const attack = '=cmd|"/c calc"!A1, "quoted"\nnext';
    expect(readCsv(toCsvRows(entry(attack))).find((r) => r[7] === 'waiver')?.[13]).toContain(`reason: ${attack}`);
  });
});
