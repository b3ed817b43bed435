/**
 * `npm run bench`: runs every benchmark and prints a plain-text report. The
 * exit code is non-zero when a benchmark misses one of its targets.
 */
import os from 'node:os';
import type { Benchmark } from './benchmark.js';
import { apiRequestsBenchmark } from './api-requests-bench.js';
import { evaluateBenchmark } from './evaluate-bench.js';

const BENCHMARKS: readonly Benchmark[] = [evaluateBenchmark, apiRequestsBenchmark];

const cpus = os.cpus();
console.log(`readiness-gate benchmarks — Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}`);
// Timings are wall-clock: a busy machine makes them slower, so say how busy it was.
console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
let missed = 0;
for (const benchmark of BENCHMARKS) {
  console.log(`\n${benchmark.name}`);
  const report = await benchmark.run();
  for (const line of report.lines) console.log(`  ${line}`);
  for (const target of report.targets) {
    console.log(`  target: ${target.description} — ${target.met ? 'met' : 'MISSED'}`);
    if (!target.met) missed += 1;
  }
}
if (missed > 0) {
  console.log(`\n${missed} target(s) missed`);
  process.exitCode = 1;
}
