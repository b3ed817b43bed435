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

/**
 * Times several pieces of work in the same loop: each round runs every piece
 * once, in an order that rotates from round to round, so that a busy spell of
 * a shared machine slows them all alike and their ratios stay meaningful.
 */
export function measureInterleaved<K extends string>(works: Record<K, () => unknown>, runs: number, warmup: number): Record<K, Timing> {
  const names = Object.keys(works) as K[];
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < warmup + runs; round += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(round + i) % names.length] as K;
      const start = process.hrtime.bigint();
      works[name]();
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (round >= warmup) samples.get(name)?.push(ms);
    }
  }
  const timings = {} as Record<K, Timing>;
  for (const name of names) {
    const sorted = (samples.get(name) ?? []).sort((a, b) => a - b);
    timings[name] = { runs, medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95) };
  }
  return timings;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}
