/**
 * Runs git without a shell (arguments are never interpreted) and turns its
 * failures into `CliError`s. Optional locks are off so that reading the
 * repository never writes to its index while an editor or another git is busy.
 */
import { execFile } from 'node:child_process';
import { CliError } from './cli-error.js';

export interface GitResult {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
}

const MAX_OUTPUT = 256 * 1024 * 1024;

export function runGit(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, encoding: 'buffer', maxBuffer: MAX_OUTPUT, env: { ...env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new CliError('git was not found: install git or put it on PATH'));
          return;
        }
        if (error && typeof error.code !== 'number') {
          reject(new CliError(`git ${args[0] ?? ''} failed: ${error.message}`));
          return;
        }
        resolve({ ok: !error, stdout, stderr: stderr.toString('utf8').trim() });
      },
    );
  });
}

/** git's output as text, or a `CliError` carrying git's own message. */
export async function git(cwd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const result = await runGit(cwd, args, env);
  if (!result.ok) throw new CliError(`git ${args[0] ?? ''}: ${result.stderr || 'failed'}`);
  return result.stdout.toString('utf8');
}
