/** What every benchmark module gives `main.ts`: a name, and a run that reports in plain text. */

export interface Target {
  description: string;
  met: boolean;
}

export interface BenchmarkReport {
  lines: string[];
  targets: Target[];
}

export interface Benchmark {
  name: string;
  run(): BenchmarkReport | Promise<BenchmarkReport>;
}
