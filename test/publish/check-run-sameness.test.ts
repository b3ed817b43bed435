import { describe, expect, it } from '@jest/globals';
import { isSameCheckRun, type DesiredCheckRun } from '../../src/publish/check-run.js';

const text = (at: string, evidence = '- `runbook`: met') => `### Audit record\n\n- Head commit: \`abc\`\n- Evaluated at: \`${at}\`\n- In scope: yes\n\n#### Evidence\n\n${evidence}\n`;

function desired(body: string): DesiredCheckRun {
  return { headSha: 'abc', name: 'readiness', conclusion: 'success', output: { title: 'Ready', summary: 'All met', text: body, annotations: [] } };
}

const existing = (body: string) => ({ id: 1, startedAt: null, status: 'completed', conclusion: 'success', output: { title: 'Ready', summary: 'All met', text: body } });

describe('whether a check run would change', () => {
  it('is the same verdict when only the moment of evaluation differs (a sweep or a scheduled run writes nothing)', () => {
    expect(isSameCheckRun(existing(text('2026-11-22T12:00:00.000Z')), desired(text('2026-11-22T13:00:00.000Z')))).toBe(true);
  });

  it('control: any other change of the text is a change', () => {
    expect(isSameCheckRun(existing(text('2026-11-22T12:00:00.000Z')), desired(text('2026-11-22T12:00:00.000Z', '- `runbook`: stale')))).toBe(false);
  });

  it('attack: an "Evaluated at" line is ignored only at the start of a line, so evidence text quoting one still counts', () => {
    const quoted = (value: string) => text('2026-11-22T12:00:00.000Z', `- \`runbook\`: missing section "- Evaluated at: ${value}"`);
    expect(isSameCheckRun(existing(quoted('a')), desired(quoted('b')))).toBe(false);
  });
});
