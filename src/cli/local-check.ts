/**
 * `readiness-gate check` without the printing: finds the base, reads the
 * contract from it (never from the working tree, as the app never reads it from
 * the pull request head), gathers a local snapshot and evaluates it.
 */
import { CONTRACT_PATH } from '../contract/location.js';
import { contractNeeds } from '../evaluate/fact-needs.js';
import { parseContract, type ContractError } from '../contract/parse.js';
import { compileContract } from '../evaluate/compile.js';
import { evaluate } from '../evaluate/evaluate.js';
import type { Verdict } from '../evaluate/verdict.js';
import { CliError } from './cli-error.js';
import { runGit } from './git.js';
import { localSnapshot } from './local-snapshot.js';

/** Tried in this order when no `--base` is given; the remote ones help in fresh CI clones. */
export const DEFAULT_BASES = ['main', 'master', 'origin/main', 'origin/master'];

export interface LocalCheckOptions {
  cwd: string;
  base?: string;
  labels: string[];
  now: Date;
}

export interface BaseChoice {
  /** How the base is described to the user. */
  label: string;
  /** The commit the contract is read from. */
  contractCommit: string;
  /** The commit the working tree is compared with. */
  mergeBase: string;
}

export type LocalCheckResult =
  | { ok: true; verdict: Verdict; base: BaseChoice; notices: string[] }
  | { ok: false; base: BaseChoice; errors: ContractError[]; extendsFrom?: string };

async function commitOf(root: string, ref: string): Promise<string | undefined> {
  const result = await runGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return result.ok ? result.stdout.toString('utf8').trim() : undefined;
}

async function mergeBaseOf(root: string, commit: string, ref: string): Promise<string> {
  const result = await runGit(root, ['merge-base', commit, 'HEAD']);
  if (!result.ok) throw new CliError(`${ref} and HEAD have no common history: pass another --base`);
  return result.stdout.toString('utf8').trim();
}

export async function chooseBase(root: string, base: string | undefined): Promise<BaseChoice> {
  if (base !== undefined) {
    // A ref starting with "-" would be read by git as an option.
    const commit = base.startsWith('-') ? undefined : await commitOf(root, base);
    if (!commit) throw new CliError(`unknown base '${base}': it is not a branch, tag or commit of this repository`);
    return { label: base, contractCommit: commit, mergeBase: await mergeBaseOf(root, commit, base) };
  }
  for (const candidate of DEFAULT_BASES) {
    const commit = await commitOf(root, candidate);
    if (!commit) continue;
    const mergeBase = await mergeBaseOf(root, commit, candidate);
    return { label: `the merge base of HEAD and ${candidate}`, contractCommit: mergeBase, mergeBase };
  }
  throw new CliError("there is no branch 'main' or 'master' to compare with: pass --base <ref>");
}

export async function repositoryRoot(cwd: string): Promise<string> {
  const result = await runGit(cwd, ['rev-parse', '--show-toplevel']);
  if (!result.ok) throw new CliError('not inside a git repository: run `readiness-gate check` in a checkout');
  const root = result.stdout.toString('utf8').trim();
  if (!(await commitOf(root, 'HEAD'))) throw new CliError('the repository has no commits yet');
  return root;
}

async function readContract(root: string, base: BaseChoice): Promise<string> {
  const result = await runGit(root, ['show', `${base.contractCommit}:${CONTRACT_PATH}`]);
  if (!result.ok) {
    throw new CliError(
      `there is no ${CONTRACT_PATH} at ${base.label}: the contract is read from the base, so commit one there (\`readiness-gate init\` writes a starter) or pass --base`,
    );
  }
  return result.stdout.toString('utf8');
}

export async function localCheck(options: LocalCheckOptions): Promise<LocalCheckResult> {
  const root = await repositoryRoot(options.cwd);
  const base = await chooseBase(root, options.base);
  const parsed = parseContract(await readContract(root, base));
  if (!parsed.ok) return { ok: false, base, errors: parsed.errors, ...(parsed.extendsFrom ? { extendsFrom: parsed.extendsFrom } : {}) };
  const needs = contractNeeds(parsed.contract);
  const snapshot = await localSnapshot({
    root,
    mergeBase: base.mergeBase,
    baseRef: base.label,
    labels: options.labels,
    evidenceFiles: needs.evidenceFiles,
    artifacts: needs.artifacts,
    contractCommit: base.contractCommit,
    templates: needs.templates,
    now: options.now,
  });
  const notices: string[] = [];
  if (parsed.extendsFrom) {
    notices.push(`the contract extends '${parsed.extendsFrom}', which cannot be fetched offline; only ${CONTRACT_PATH} itself is used`);
  }
  if (needs.checks.length > 0) {
    notices.push(`checks cannot be seen offline, so these are reported as not run: ${needs.checks.join(', ')}`);
  }
  return { ok: true, verdict: evaluate(compileContract(parsed.contract), snapshot, options.now), base, notices };
}
