/**
 * `readiness-gate init`: writes the starter contract and the model card
 * template it names (`template:`), never over an existing file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CONTRACT_PATH } from '../contract/location.js';
import { loadTemplate } from '../render/templates.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './output.js';

/** Where the starter contract's `template:` points. */
export const MODEL_CARD_TEMPLATE_PATH = 'docs/templates/model-card.md';

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
  const template = resolve(io.cwd, MODEL_CARD_TEMPLATE_PATH);
  await mkdir(dirname(template), { recursive: true });
  // A team's own template is theirs: an existing one is kept (the contract compares cards with whatever is there).
  const wroteTemplate = await writeFile(template, loadTemplate('model-card.md', io.env ?? process.env), { flag: 'wx' }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return false;
      throw new CliError(`${MODEL_CARD_TEMPLATE_PATH} could not be written (${error.code ?? 'unknown error'})`);
    },
  );
  if (wroteTemplate) {
    io.stdout.write(`Wrote ${MODEL_CARD_TEMPLATE_PATH}, the model card template the contract compares cards with; commit it with the contract.\n`);
  }
  io.stdout.write(
    `Wrote ${CONTRACT_PATH}. Replace the @your-org placeholders with your people and teams, adjust the paths, then run \`readiness-gate validate\`.\n`,
  );
  return 0;
}
