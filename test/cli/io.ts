/** Captures what the command-line tool writes, for in-process runs. */
import type { CliIo } from '../../src/cli/output.js';

export interface CapturedIo extends CliIo {
  out: () => string;
  err: () => string;
}

export function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    env,
    stdout: { write: (chunk: string) => out.push(chunk) },
    stderr: { write: (chunk: string) => err.push(chunk) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
