/**
 * Evaluator benchmark (targets from issue 11): on 3,000 changed files and a
 * contract with 200 globs and 50 requirements, `evaluate` must take at most
 * 10 ms (median), be at least 10× faster than a fair peer, and within 2× of a
 * floor:
 * - the fair peer compiles each distinct glob once with the same matcher
 *   (src/glob) and tests every path against every glob, which is what code
 *   without an index does;
 * - the floor is one RegExp combining all globs, run once per path: it only
 *   says whether a path matches some glob, less than `evaluate` needs to know
 *   (which globs, for which requirement), so it is a bound, not a peer.
 *
 * Both do only the glob matching, while `evaluate` also parses the evidence
 * files and judges the conversation, so both ratios understate the matching.
 * Both use the same paths (renamed files' old names too), the same distinct
 * globs and the same compiled RegExps as `evaluate`, built before timing.
 * `evaluate` keeps nothing from one call to the next, so repeating the same
 * snapshot flatters nothing.
 */
import os from 'node:os';
import { compileContract } from '../evaluate/compile.js';
import { evaluate } from '../evaluate/evaluate.js';
import { anyGlobRegex, compileGlob } from '../evaluate/glob-set.js';
import type { CompiledGlob } from '../evaluate/glob-set.js';
import { byteString } from '../glob/wildmatch.js';
import type { Benchmark, BenchmarkReport } from './benchmark.js';
import { evaluateWorkload } from './evaluate-workload.js';
import { formatMs, measure, measureInterleaved } from './timing.js';
import type { Timing } from './timing.js';

const RUNS = 41;
const WARMUP = 10;
const MEDIAN_TARGET_MS = 10;
const PEER_TARGET = 10;
const FLOOR_TARGET = 2;

function row(label: string, timing: Timing): string {
  return `${label.padEnd(34)} median ${formatMs(timing.medianMs).padStart(9)}   p95 ${formatMs(timing.p95Ms).padStart(9)}   (${timing.runs} runs)`;
}

function run(): BenchmarkReport {
  const workload = evaluateWorkload();
  const paths = workload.snapshot.changedFiles.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path]));
  const compiled = compileContract(workload.contract);
  const verdict = evaluate(compiled, workload.snapshot, workload.now);
  const requirements = workload.contract.signoffs.length + workload.contract.evidence.length;
  const evidenceFiles = Object.values(workload.snapshot.evidence);
  const evidenceBytes = evidenceFiles.reduce((sum, fact) => sum + (fact.state === 'present' ? fact.content.length : 0), 0);
  const distinct = [...new Set(workload.globs)];
  const peerGlobs = distinct.flatMap((glob): CompiledGlob[] => {
    const result = compileGlob(glob);
    return result.ok ? [result.compiled] : [];
  });
  const floorRegex = anyGlobRegex(distinct);

  const compile = measure(() => compileContract(workload.contract), RUNS, WARMUP);
  // Interleaved in one loop (see measureInterleaved): on a shared machine, timings
  // taken one after another drift with the load, and their ratios with them.
  const timed = measureInterleaved(
    {
      evaluation: () => evaluate(compiled, workload.snapshot, workload.now),
      peer: () => {
        let matches = 0;
        for (const path of paths) {
          const bytes = byteString(path);
          for (const glob of peerGlobs) if (glob.regex.test(bytes)) matches += 1;
        }
        return matches;
      },
      floor: () => {
        let matches = 0;
        for (const path of paths) if (floorRegex.test(byteString(path))) matches += 1;
        return matches;
      },
      // The glob questions evaluate asks of the changed files, alone: which trigger globs match, and which files are in scope.
      matching: () => {
        const inScope = compiled.scope.matcher();
        const ignored = compiled.ignore.matcher();
        return [compiled.triggers.matchedBy(paths), paths.filter((p) => inScope(p) && !ignored(p))];
      },
    },
    RUNS,
    WARMUP,
  );
  const { evaluation, peer, floor, matching } = timed;
  const overPeer = peer.medianMs / evaluation.medianMs;
  const overFloor = evaluation.medianMs / floor.medianMs;

  return {
    lines: [
      `${workload.snapshot.changedFiles.length.toLocaleString('en-US')} changed files (${paths.length.toLocaleString('en-US')} paths with renames), ` +
        `${workload.globs.length} globs (${distinct.length} distinct), ${requirements} requirements, ` +
        `${evidenceFiles.length} evidence files (${(evidenceBytes / 1024).toFixed(0)} KB) and ${workload.snapshot.conversation.length} comments to judge`,
      `verdict: ${verdict.conclusion}, ${verdict.counts.signoffs.met}/${verdict.counts.signoffs.required} sign-offs, ` +
        `${verdict.counts.evidence.met}/${verdict.counts.evidence.required} evidence`,
      row('compileContract', compile),
      row('evaluate', evaluation),
      row('fair peer: every path × every glob', peer),
      row('floor: one combined RegExp', floor),
      row("evaluate's glob matching alone", matching),
      `load average after timing: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} (${os.cpus().length} cores); the four timings above are interleaved`,
      `evaluate is ${overPeer.toFixed(1)}× faster than the fair peer, and takes ${overFloor.toFixed(2)}× the floor's time`,
      `its glob matching alone is ${(peer.medianMs / matching.medianMs).toFixed(1)}× faster than the fair peer, ` +
        `and takes ${(matching.medianMs / floor.medianMs).toFixed(2)}× the floor's time`,
    ],
    targets: [
      { description: `evaluate median ≤ ${MEDIAN_TARGET_MS} ms`, met: evaluation.medianMs <= MEDIAN_TARGET_MS },
      { description: `evaluate ≥ ${PEER_TARGET}× faster than the fair peer`, met: overPeer >= PEER_TARGET },
      { description: `evaluate within ${FLOOR_TARGET}× of the floor`, met: overFloor <= FLOOR_TARGET },
    ],
  };
}

export const evaluateBenchmark: Benchmark = {
  name: 'evaluate: 3,000 changed files, 200 globs, 50 requirements',
  run,
};
