/**
 * Turns `examples/churn-model` into a git repository shaped like a pull
 * request: `main` holds only the contract and the README, `feature` adds the
 * model, the serving code and the evidence. Names, dates and configuration are
 * fixed, so the commits and therefore the demo's output are the same on every
 * machine.
 */
import { cp } from 'node:fs/promises';
import { devNull } from 'node:os';
import { fileURLToPath } from 'node:url';
import { git } from './git.js';

/** Two levels below the package root, both as `src/cli/*.ts` and as `dist/cli/*.js`. */
export const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/churn-model/', import.meta.url));

/** The time the demo judges the branch at: shortly after the feature commit. */
export const DEMO_NOW = '2025-03-04T12:00:00Z';

const CONFIG = [
  '-c', 'user.name=Readiness Demo',
  '-c', 'user.email=demo@example.com',
  '-c', 'init.defaultBranch=main',
  '-c', 'commit.gpgsign=false',
  '-c', 'core.autocrlf=false',
];

function environment(date: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // The user's own git configuration (hooks, templates, signing) must not leak into the demo.
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
}

async function commit(dir: string, date: string, paths: string[], message: string): Promise<void> {
  const env = environment(date);
  await git(dir, [...CONFIG, 'add', '--', ...paths], env);
  await git(dir, [...CONFIG, 'commit', '--no-verify', '--quiet', '-m', message], env);
}

export async function createDemoRepository(dir: string): Promise<void> {
  await cp(EXAMPLE_DIR, dir, { recursive: true });
  await git(dir, [...CONFIG, 'init', '--quiet'], environment('2025-02-01T09:00:00Z'));
  await commit(dir, '2025-02-01T09:00:00Z', ['.github/readiness.yml', 'README.md', 'docs/templates/model-card.md'], 'Add the readiness contract and the model card template');
  await git(dir, [...CONFIG, 'switch', '--quiet', '-c', 'feature'], environment('2025-03-03T15:00:00Z'));
  await commit(dir, '2025-03-03T15:00:00Z', ['.'], 'Churn model, serving endpoint and evidence');
}
