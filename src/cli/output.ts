/** Where the command-line tool writes: process streams in `main`, buffers in tests and the demo. */
export interface Output {
  write(chunk: string): unknown;
}

export interface CliIo {
  cwd: string;
  stdout: Output;
  stderr: Output;
  env?: NodeJS.ProcessEnv;
}
