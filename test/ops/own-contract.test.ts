/**
 * Dogfooding: this repository carries its own readiness contract, and the
 * app's own parser and evaluator must find it valid and met. Evidence is read
 * from the working tree exactly as `readiness-gate check` reads it; the
 * changed files are a fixed, representative change rather than git history,
 * so the test means the same in a fresh CI clone.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run.js';
import { readLocalEvidence } from '../../src/cli/local-snapshot.js';
import { CONTRACT_PATH } from '../../src/contract/location.js';
import { contractNeeds } from '../../src/evaluate/fact-needs.js';
import { parseContract } from '../../src/contract/parse.js';
import type { Contract } from '../../src/contract/schema.js';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import type { Verdict } from '../../src/evaluate/verdict.js';
import type { EvidenceFileFact } from '../../src/facts/snapshot.js';
import { captureIo } from '../cli/io.js';
import { buildSnapshot } from '../support/snapshot-builder.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = new Date('2026-03-02T09:00:00Z');

const parsed = parseContract(readFileSync(join(ROOT, CONTRACT_PATH), 'utf8'));

function ownContract(): Contract {
  if (!parsed.ok) throw new Error(`${CONTRACT_PATH} does not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.contract;
}

async function workingTreeEvidence(contract: Contract): Promise<Record<string, EvidenceFileFact>> {
  const evidence: Record<string, EvidenceFileFact> = {};
  for (const need of contractNeeds(contract).evidenceFiles) evidence[need.path] = await readLocalEvidence(ROOT, need.path);
  return evidence;
}

async function judge(files: string[]): Promise<Verdict> {
  const contract = ownContract();
  const snapshot = buildSnapshot({ files, evidence: await workingTreeEvidence(contract) });
  return evaluate(compileContract(contract), snapshot, NOW);
}

/** Status and problems side by side, so a failure says what is missing. */
function evidenceReport(verdict: Verdict): Record<string, { status: string; problems: string[] }> {
  return Object.fromEntries(verdict.evidence.map((e) => [e.id, { status: e.status, problems: e.problems.map((p) => p.message) }]));
}

/**
 * A change that touches the contract format and its docs, the image, the app's
 * permissions and their guide, and its start-up checks: every sign-off and
 * every evidence item of the contract applies to it.
 */
const EVERYTHING_IN_PLAY = [
  'src/contract/schema.ts',
  'docs/contract.md',
  'Dockerfile',
  'app.yml',
  'docs/deploy.md',
  'src/app/startup-check.ts',
];

describe("this repository's own contract", () => {
  it('is a valid contract', () => {
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('passes `readiness-gate validate`', async () => {
    const io = captureIo(ROOT);
    const code = await runCli(['validate', join(ROOT, CONTRACT_PATH)], io);
    expect({ code, err: io.err() }).toEqual({ code: 0, err: '' });
  });

  it('is met by this repository for a change that puts every requirement in play', async () => {
    const verdict = await judge(EVERYTHING_IN_PLAY);
    expect(verdict.inScope).toBe(true);
    expect(verdict.evidence.length).toBeGreaterThan(0);
    const report = evidenceReport(verdict);
    expect(report).toEqual(Object.fromEntries(Object.keys(report).map((id) => [id, { status: 'met', problems: [] }])));
    // Sign-offs are given on GitHub, never offline: all apply, none can be met here.
    expect(verdict.signoffs.map((s) => [s.role, s.status])).toEqual(ownContract().signoffs.map((s) => [s.role, 'missing']));
  });

  it('asks for the docs to change with the contract format and the app manifest', async () => {
    const verdict = await judge(['src/contract/schema.ts', 'app.yml']);
    const report = evidenceReport(verdict);
    expect(report['contract-reference']?.status).toBe('missing');
    expect(report['deployment-guide']?.status).toBe('missing');
    const others = Object.entries(report).filter(([id]) => id !== 'contract-reference' && id !== 'deployment-guide');
    expect(others.filter(([, result]) => result.status !== 'met')).toEqual([]);
  });

  it('judges what ships, including the Markdown templates the app writes, and not documentation alone', async () => {
    const inScope = async (files: string[]) => (await judge(files)).inScope;
    expect(await inScope(['templates/checklist.md'])).toBe(true);
    expect(await inScope(['package-lock.json'])).toBe(true);
    expect(await inScope(['README.md', 'docs/runbook.md', 'docs/deploy.md'])).toBe(false);
    expect(await inScope(['src/bench/evaluate-bench.ts', 'test/ops/dockerfile.test.ts'])).toBe(false);
    expect(await inScope(['examples/churn-model/Dockerfile'])).toBe(false);
  });

  it('judges every change to what can enter the image', async () => {
    const admitted = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split(/\r?\n/)
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    expect(admitted.length).toBeGreaterThan(0);
    const unjudged: string[] = [];
    for (const entry of ['Dockerfile', '.dockerignore', ...admitted]) {
      // A directory stands for any file in it.
      const path = statSync(join(ROOT, entry)).isDirectory() ? `${entry}/some/file.ts` : entry;
      if (!(await judge([path])).inScope) unjudged.push(path);
    }
    expect(unjudged).toEqual([]);
  });
});
