import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_NOW, createDemoRepository } from '../../src/cli/demo-repository.js';
import type { JsonReport } from '../../src/cli/json-report.js';
import { runCli } from '../../src/cli/run.js';
import { captureIo } from './io.js';

describe('the bundled example', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('meets some requirements and misses others, the same way on every run', async () => {
    dir = mkdtempSync(join(tmpdir(), 'readiness-demo-test-'));
    await createDemoRepository(dir);
    const io = captureIo(dir);
    const code = await runCli(['check', '--base', 'main', '--now', DEMO_NOW, '--json'], io);
    expect(code).toBe(1);
    const report = JSON.parse(io.out()) as JsonReport;
    const status = Object.fromEntries(report.evidence.map((item) => [item.id, item.status]));
    expect(status).toEqual({
      'model-card': 'missing',
      evaluation: 'missing',
      'data-sources': 'met',
      monitoring: 'met',
      runbook: 'missing',
      'rollback-drill': 'not_applicable',
      'eval-gate': 'warning',
    });
    const problems = report.evidence.flatMap((item) => item.problems.map((problem) => problem.message)).join('\n');
    expect(problems).toMatch(/metrics\.auc is 0\.78/);
    expect(problems).toMatch(/Limitations/);
    expect(problems).toMatch(/Escalation/);
    expect(report.signoffs).toEqual([
      { role: 'ml-lead', status: 'missing' },
      { role: 'sre', status: 'missing' },
      { role: 'privacy', status: 'not_applicable' },
    ]);

    const again = mkdtempSync(join(tmpdir(), 'readiness-demo-test-'));
    try {
      await createDemoRepository(again);
      const second = captureIo(again);
      await runCli(['check', '--base', 'main', '--now', DEMO_NOW], second);
      const first = captureIo(dir);
      await runCli(['check', '--base', 'main', '--now', DEMO_NOW], first);
      expect(second.out()).toBe(first.out());
      expect(first.out()).toContain(`at commit \`${report.head_sha?.slice(0, 7)}\``);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
