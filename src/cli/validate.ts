/** `readiness-gate validate [file]`: the contract's errors with line and column, for editors and CI. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CONTRACT_PATH } from '../contract/location.js';
import { formatContractError, parseContract } from '../contract/parse.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './output.js';

async function readContractFile(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${shown} does not exist (\`readiness-gate init\` writes a starter contract)`);
    if (code === 'EISDIR') throw new CliError(`${shown} is a directory, not a contract file`);
    throw new CliError(`${shown} could not be read (${code ?? 'unknown error'})`);
  }
}

export async function validateCommand(file: string | undefined, io: CliIo): Promise<number> {
  const shown = file ?? CONTRACT_PATH;
  const parsed = parseContract(await readContractFile(resolve(io.cwd, shown), shown));
  if (!parsed.ok) {
    for (const error of parsed.errors) io.stdout.write(`${formatContractError(error, shown)}\n`);
    const count = parsed.errors.length === 1 ? '1 error' : `${parsed.errors.length} errors`;
    const inherited = parsed.extendsFrom ? ` (it extends '${parsed.extendsFrom}'; what it would inherit is not seen offline)` : '';
    io.stderr.write(`${shown}: ${count}${inherited}\n`);
    return 2;
  }
  const inherited = parsed.extendsFrom ? ` (it extends '${parsed.extendsFrom}', which is not checked offline)` : '';
  io.stdout.write(`${shown} is a valid readiness contract${inherited}\n`);
  return 0;
}
