/** Timing of repeated runs, reported as median and 95th percentile. */

export interface Timing {
  runs: number;
  medianMs: number;
  p95Ms: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Runs `work` `warmup` times untimed (so the JIT settles), then `runs` times timed. */
export function measure(work: () => unknown, runs: number, warmup: number): Timing {
  for (let i = 0; i < warmup; i += 1) work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { runs, medianMs: percentile(samples, 0.5), p95Ms: percentile(samples, 0.95) };
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}
