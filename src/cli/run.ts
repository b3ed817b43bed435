/**
 * The command-line tool as a function of its arguments, so that it can be run
 * in-process by tests and the demo. Expected failures become one-line messages
 * with exit code 2; so do unexpected ones, since a stack trace helps no user.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { auditCommand } from './audit.js';
import { checkCommand } from './check.js';
import { CliError } from './cli-error.js';
import { initCommand } from './init.js';
import type { CliIo } from './output.js';
import { USAGE } from './usage.js';
import { validateCommand } from './validate.js';

export type { CliIo, Output } from './output.js';

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

/** node:util's argument errors are expected user mistakes: show them as a usage error. */
function parsed<T extends { positionals: string[] }>(parse: () => T, maxPositionals: number): T {
  let result: T;
  try {
    result = parse();
  } catch (error) {
    throw new CliError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  const extra = result.positionals[maxPositionals];
  if (extra !== undefined) throw new CliError(`unexpected argument '${extra}'`);
  return result;
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr.write(USAGE);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  switch (command) {
    case 'validate': {
      const { values, positionals } = parsed(() => parseArgs({ args: rest, options: HELP, allowPositionals: true, strict: true }), 1);
      if (values.help) return help(io);
      return validateCommand(positionals[0], io);
    }
    case 'check': {
      const options = {
        ...HELP,
        base: { type: 'string' },
        label: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        now: { type: 'string' },
      } as const;
      const { values } = parsed(() => parseArgs({ args: rest, options, allowPositionals: true, strict: true }), 0);
      if (values.help) return help(io);
      return checkCommand({ base: values.base, labels: values.label ?? [], json: values.json === true, now: values.now }, io);
    }
    case 'init': {
      const { values } = parsed(() => parseArgs({ args: rest, options: HELP, allowPositionals: true, strict: true }), 0);
      if (values.help) return help(io);
      return initCommand(io);
    }
    case 'audit': {
      const options = {
        ...HELP,
        repo: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        format: { type: 'string' },
        pull: { type: 'string' },
        'app-id': { type: 'string' },
      } as const;
      const { values } = parsed(() => parseArgs({ args: rest, options, allowPositionals: true, strict: true }), 0);
      if (values.help) return help(io);
      const { 'app-id': appId, help: _help, ...flags } = values;
      return auditCommand({ ...flags, ...(appId !== undefined ? { appId } : {}) }, io);
    }
    default:
      io.stderr.write(`readiness-gate: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

function help(io: CliIo): number {
  io.stdout.write(USAGE);
  return 0;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`readiness-gate: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`readiness-gate: unexpected error: ${message.split('\n')[0] ?? ''}\n`);
    return 2;
  }
}
