/**
 * `npm run demo`: runs `readiness-gate check` on the bundled example as if it
 * were a pull request, in a temporary repository that is removed afterwards.
 * It always exits 0 (gaps are the point of the demo) and says what the real
 * exit code would have been.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_NOW, createDemoRepository } from './demo-repository.js';
import { runCli } from './run.js';

const MEANING: Record<number, string> = { 0: 'ready', 1: 'gaps found', 2: 'contract or usage error' };

async function demo(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-demo-'));
  try {
    await createDemoRepository(dir);
    process.stdout.write(
      `Demo: examples/churn-model as a pull request from branch 'feature' into 'main', judged at ${DEMO_NOW}.\n` +
        `$ readiness-gate check --base main --now ${DEMO_NOW}\n\n`,
    );
    const code = await runCli(['check', '--base', 'main', '--now', DEMO_NOW], {
      cwd: dir,
      stdout: process.stdout,
      stderr: process.stderr,
    });
    process.stdout.write(`\n\`readiness-gate check\` would exit with ${code} (${MEANING[code] ?? 'unknown'}).\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

demo().then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
