import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_NOW, EXAMPLE_DIR, createDemoRepository } from '../../src/cli/demo-repository.js';
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
    // The report was written for the previous model, not the one whose LFS pointer the branch commits.
    expect(problems).toContain(
      'model.sha256 is "129638178cb493b90493ec0647282ce2431e8d6be0209de4205866be376fb325", needs "37f1461bd3f395fe9c7e79b6c6fa4c271516c2ced05858bb5ddb5153d41aa045" (the oid in the Git LFS pointer models/churn/model.pkl, line 2)',
    );
    expect(problems).toMatch(/Limitations/);
    expect(problems).toMatch(/Escalation/);
    expect(report.signoffs).toEqual([
      { role: 'ml-lead', status: 'missing' },
      { role: 'sre', status: 'missing' },
      { role: 'privacy', status: 'not_applicable' },
    ]);

    // Control: once the report names the committed model, only the AUC is left to fix.
    const reportPath = join(dir, 'reports/eval.json');
    writeFileSync(reportPath, readFileSync(reportPath, 'utf8').replace('129638178cb493b90493ec0647282ce2431e8d6be0209de4205866be376fb325', '37f1461bd3f395fe9c7e79b6c6fa4c271516c2ced05858bb5ddb5153d41aa045'));
    const fixed = captureIo(dir);
    await runCli(['check', '--base', 'main', '--now', DEMO_NOW, '--json'], fixed);
    const evaluation = (JSON.parse(fixed.out()) as JsonReport).evidence.find((item) => item.id === 'evaluation');
    expect(evaluation?.problems.map((problem) => problem.message)).toEqual(['metrics.auc is 0.78, needs ≥ 0.8']);
    writeFileSync(reportPath, readFileSync(join(EXAMPLE_DIR, 'reports/eval.json')));

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
