/** `readiness-gate init`: writes the starter contract, and never over an existing one. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CONTRACT_PATH } from '../contract/location.js';
import { loadTemplate } from '../render/templates.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './output.js';

export async function initCommand(io: CliIo): Promise<number> {
  const target = resolve(io.cwd, CONTRACT_PATH);
  const starter = loadTemplate('readiness.yml', io.env ?? process.env);
  await mkdir(dirname(target), { recursive: true });
  try {
    // "wx" fails if the file exists, so a contract written meanwhile is not overwritten either.
    await writeFile(target, starter, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr.write(`${CONTRACT_PATH} already exists; it was left unchanged\n`);
      return 1;
    }
    throw new CliError(`${CONTRACT_PATH} could not be written (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  io.stdout.write(
    `Wrote ${CONTRACT_PATH}. Replace the @your-org placeholders with your people and teams, adjust the paths, then run \`readiness-gate validate\`.\n`,
  );
  return 0;
}
