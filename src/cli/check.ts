/** `readiness-gate check`: prints the checklist (or the JSON verdict) and exits by the conclusion. */
import { CONTRACT_PATH } from '../contract/location.js';
import { formatContractError } from '../contract/parse.js';
import { renderChecklist } from '../render/checklist.js';
import { CliError } from './cli-error.js';
import { contractErrorsReport, verdictReport } from './json-report.js';
import { localCheck } from './local-check.js';
import type { CliIo } from './output.js';

export interface CheckArguments {
  base?: string;
  labels: string[];
  json: boolean;
  now?: string;
}

export function parseNow(value: string | undefined, fallback: () => Date): Date {
  if (value === undefined) return fallback();
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new CliError(`--now needs an ISO date or time such as 2025-03-04 or 2025-03-04T12:00:00Z, not '${value}'`);
  return new Date(time);
}

export async function checkCommand(args: CheckArguments, io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const result = await localCheck({ cwd: io.cwd, base: args.base, labels: args.labels, now: parseNow(args.now, clock) });
  if (!result.ok) {
    if (args.json) {
      io.stdout.write(`${JSON.stringify(contractErrorsReport(result.errors), null, 2)}\n`);
    } else {
      const inherited = result.extendsFrom ? ` (it extends '${result.extendsFrom}', which cannot be fetched offline)` : '';
      io.stderr.write(`The contract at ${result.base.label} has errors${inherited}:\n`);
      for (const error of result.errors) io.stderr.write(`${formatContractError(error, CONTRACT_PATH)}\n`);
    }
    return 2;
  }
  const { verdict, base, notices } = result;
  if (args.json) {
    io.stdout.write(`${JSON.stringify(verdictReport(verdict), null, 2)}\n`);
  } else {
    io.stderr.write(`Contract from ${base.label} (${base.contractCommit.slice(0, 7)}); working tree compared with ${base.mergeBase.slice(0, 7)}.\n`);
    io.stdout.write(renderChecklist(verdict));
  }
  for (const notice of notices) io.stderr.write(`note: ${notice}\n`);
  return verdict.conclusion === 'success' || verdict.conclusion === 'neutral' ? 0 : 1;
}
