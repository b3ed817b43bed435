/** Where the command-line tool writes: process streams in `main`, buffers in tests and the demo. */
export interface Output {
  write(chunk: string): unknown;
}

export interface CliIo {
  cwd: string;
  stdout: Output;
  /** `isTTY`: a terminal, where progress is drawn (never on a pipe or file). */
  stderr: Output & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}
