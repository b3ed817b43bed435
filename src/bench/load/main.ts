/**
 * `npm run bench:load`: the real app (`node dist/app/main.js`, one or two
 * processes) against a simulated GitHub on loopback, fed bursts of signed
 * `pull_request.synchronize` deliveries (each a new push) over many pull
 * requests. Reports throughput, event-to-check latency and peak memory.
 *
 * Latency of a delivery = time until the app has posted a check for that push
 * or a later one of the same pull request (later pushes supersede earlier
 * ones, so coalesced deliveries are answered by the newer check).
 *
 * Then the sweep: 1,000 open pull requests in 10 installations, each already
 * evaluated once (in this process, as the app would have before a restart),
 * and one app process that sweeps them every 60 s (the shortest interval it
 * accepts): the first sweep after its start (a cold request cache) and the
 * next one (warm). `npm run bench:load -- sweep` runs only that part.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProbotOctokit, type Logger } from 'probot';
import { freePort, startRedis, type TestRedis } from './redis-process.js';
import { evaluatePull } from '../../app/evaluate-pull.js';
import type { GitHubClient } from '../../github/client.js';
import { CHECKLIST_MARKER } from '../../github/markers.js';
import { stateKey } from '../../publish/state-seal.js';
import { HttpGitHub } from '../../testing/http-github.js';
import { SimulatedGitHub, type SimulatedPull } from '../../testing/simulated-github.js';
import { benchPull, benchRepository } from '../bench-github.js';

const REPOSITORIES = 10;
const PULLS_PER_REPOSITORY = 10;
const DELIVERIES = 1000;
const BURST = 100;
const TIMEOUT_MS = 10 * 60_000;
const SECRET = 'load-benchmark-secret';
const OWNER = 'acme';
const MAIN = fileURLToPath(new URL('../../app/main.js', import.meta.url));

interface Mode {
  name: string;
  processes: number;
  redis: boolean;
}

interface Result {
  mode: string;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  peakRssMb: number[];
  comments: number;
  inScope: number;
  requests: number;
}

const CONTRACT = `version: 1
gaps:
  issues: false
scope:
  paths: ["models/**"]
roles:
  ml-lead: ["@alice"]
signoffs:
  - role: ml-lead
evidence:
  - { id: model-card, title: Model card, owner: ml-lead, file: docs/model-card.md, sections: ["Intended use"] }
`;
const EVIDENCE: Record<string, string> = { 'docs/model-card.md': '# Card\n\n## Intended use\n\nChurn scoring.\n' };

/** Every repository is its own installation (id 100 + its index); half the pull requests change the model (in scope), half only the README. */
function pullsOf(github: SimulatedGitHub, repositories = REPOSITORIES, pullsPerRepository = PULLS_PER_REPOSITORY): SimulatedPull[] {
  const pulls: SimulatedPull[] = [];
  for (let r = 0; r < repositories; r += 1) {
    const repository = benchRepository(github, OWNER, `repo-${r}`, { contract: CONTRACT, evidence: EVIDENCE });
    github.install(100 + r, [repository]);
    for (let n = 1; n <= pullsPerRepository; n += 1) pulls.push(benchPull(repository, n, [n % 2 === 0 ? 'models/churn/train.py' : 'README.md']));
  }
  return pulls;
}

/** Every check-run write, by `repo#number`: when, and for which push of the pull request (0 = first). */
function checkWrites(github: SimulatedGitHub): Map<string, { at: number; push: number }[]> {
  const writes = new Map<string, { at: number; push: number }[]>();
  for (const write of github.checkRunWrites) {
    for (const pull of write.repository.pullsWithHead(write.headSha)) {
      const key = `${write.repository.name}#${pull.number}`;
      writes.set(key, [...(writes.get(key) ?? []), { at: write.at, push: pull.heads.indexOf(write.headSha) }]);
    }
  }
  return writes;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startApp(githubHost: string, redisUrl: string | null, privateKey: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    APP_ID: '1',
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    HOST: '127.0.0.1',
    PORT: String(port),
    GHE_HOST: githubHost,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'fatal',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...extraEnv,
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; waited < 30_000; waited += 100) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return { child, url };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('the app did not become healthy within 30 s');
}

function deliveryBody(pull: SimulatedPull, installation: number): string {
  return JSON.stringify({
    action: 'synchronize',
    number: pull.number,
    pull_request: pull.toJSON(),
    repository: { name: pull.repository.name, full_name: pull.repository.fullName, owner: { login: OWNER }, default_branch: 'main' },
    installation: { id: installation },
    sender: { login: 'carol', type: 'User' },
  });
}

function peakRssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function run(mode: Mode, privateKey: string): Promise<Result> {
  const simulated = new SimulatedGitHub();
  const pulls = pullsOf(simulated);
  const github = new HttpGitHub(simulated);
  const host = await github.listen();
  const redis: TestRedis | null = mode.redis ? await startRedis() : null;
  const apps: { child: ChildProcess; url: string }[] = [];
  for (let i = 0; i < mode.processes; i += 1) apps.push(await startApp(host, redis?.url ?? null, privateKey));
  try {
    const sent: { key: string; push: number; at: number }[] = [];
    const started = Date.now();
    for (let first = 0; first < DELIVERIES; first += BURST) {
      await Promise.all(
        Array.from({ length: Math.min(BURST, DELIVERIES - first) }, async (_, offset) => {
          const i = first + offset;
          const pull = pulls[i % pulls.length]!;
          pull.push();
          const push = pull.heads.length - 1;
          const body = deliveryBody(pull, 100 + Number(pull.repository.name.split('-')[1]));
          const app = apps[i % apps.length]!;
          const at = Date.now();
          const response = await fetch(`${app.url}/api/github/webhooks`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-github-event': 'pull_request',
              'x-github-delivery': `load-${i}`,
              'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
            },
            body,
          });
          if (!response.ok) throw new Error(`delivery ${i} was answered ${response.status}`);
          sent.push({ key: `${pull.repository.name}#${pull.number}`, push, at });
        }),
      );
    }
    let writes = checkWrites(simulated);
    const answered = (d: { key: string; push: number; at: number }) => writes.get(d.key)?.find((w) => w.push >= d.push && w.at >= d.at);
    while (sent.some((d) => !answered(d)) && Date.now() - started < TIMEOUT_MS) {
      await sleep(100);
      writes = checkWrites(simulated);
    }
    const latencies = sent.map((d) => ((answered(d)?.at ?? Number.NaN) - d.at) / 1000).sort((a, b) => a - b);
    const unanswered = latencies.filter((l) => Number.isNaN(l)).length;
    if (unanswered > 0) throw new Error(`${unanswered} deliveries got no check within ${TIMEOUT_MS / 60_000} minutes`);
    const seconds = (Math.max(...simulated.checkRunWrites.map((w) => w.at)) - started) / 1000;
    // The checklist comments follow their checks; count them once every queue has drained.
    for (const app of apps) {
      while (Date.now() - started < TIMEOUT_MS) {
        const health = (await fetch(`${app.url}/healthz`).then((r) => r.json(), () => null)) as { depth?: number } | null;
        if (health?.depth === 0) break;
        await sleep(100);
      }
    }
    return {
      mode: mode.name,
      seconds,
      throughput: DELIVERIES / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      peakRssMb: apps.map((a) => peakRssMb(a.child.pid)),
      comments: simulated.allPulls().flatMap((pull) => pull.comments).filter((c) => c.body.includes(CHECKLIST_MARKER)).length,
      inScope: pulls.filter((p) => p.files.some((f) => f.startsWith('models/'))).length,
      requests: github.log.length,
    };
  } finally {
    for (const app of apps) app.child.kill('SIGKILL');
    await redis?.stop();
    await github.close();
  }
}

const SWEEP_REPOSITORIES = 10;
const SWEEP_PULLS_PER_REPOSITORY = 100;
/** The shortest interval the app accepts (READINESS_SWEEP_INTERVAL); its first sweep is as long after its start. */
const SWEEP_INTERVAL_S = 60;
/** The whole sweep run (priming, two sweeps and their evaluations) must end within this, or it fails. */
const SWEEP_TIMEOUT_MS = 8 * 60_000;

interface SweepWindow {
  /** From the sweep's first request until the last evaluation it queued answered. */
  seconds: number;
  requests: number;
  rateLimited: number;
  writes: number;
  /** Installation token exchanges (the app's own, not counted above). */
  tokens: number;
  peakRssMb: number;
}

const ignore = (): void => undefined;
const silentLog = { info: ignore, warn: ignore, error: ignore, debug: ignore, trace: ignore, child: () => silentLog } as unknown as Logger;

/** Evaluates every pull request once in this process, as the app had before the restart: their checks and checklists exist. */
async function primeEvaluations(github: HttpGitHub, pulls: readonly SimulatedPull[]): Promise<void> {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
  const octokit = new Octokit({ auth: { token: 'prime' }, request: { fetch: github.fetch } }) as unknown as GitHubClient;
  const app = { id: github.github.appId, slug: github.github.appSlug, login: github.github.appLogin };
  const key = stateKey(SECRET);
  for (const pull of pulls) {
    await evaluatePull(
      { github: octokit, log: silentLog, now: () => new Date(), identity: async () => app, stateKey: key },
      { ref: { owner: OWNER, repo: pull.repository.name, number: pull.number } },
    );
  }
}

/** A counter's value in the app's Prometheus text (summed over its labels). */
function metricValue(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

async function sweepRun(privateKey: string): Promise<{ pulls: number; first: SweepWindow; next: SweepWindow; writesBefore: number }> {
  const deadline = Date.now() + SWEEP_TIMEOUT_MS;
  const simulated = new SimulatedGitHub();
  const pulls = pullsOf(simulated, SWEEP_REPOSITORIES, SWEEP_PULLS_PER_REPOSITORY);
  for (const pull of pulls) pull.push();
  const github = new HttpGitHub(simulated);
  await primeEvaluations(github, pulls);
  const writesBefore = github.log.filter((l) => !l.request.startsWith('GET ')).length;
  const host = await github.listen();
  const app = await startApp(host, null, privateKey, { READINESS_SWEEP_INTERVAL: String(SWEEP_INTERVAL_S) });
  try {
    const sweeps = async (): Promise<number> => {
      const text = await fetch(`${app.url}/metrics`).then((r) => r.text(), () => '');
      return metricValue(text, 'readiness_gate_sweeps_total');
    };
    /** Waits for the next sweep to start, finish, and for every evaluation it queued to answer; measures that window of requests. */
    const nextSweep = async (done: number): Promise<SweepWindow> => {
      const mark = github.log.length;
      while (!github.log.slice(mark).some((l) => l.request === 'GET /app/installations')) {
        if (Date.now() > deadline) throw new Error('the sweep did not start in time');
        await sleep(50);
      }
      const started = Date.now();
      const from = mark + github.log.slice(mark).findIndex((l) => l.request === 'GET /app/installations');
      // Finished: the sweep is counted, and GitHub has heard nothing more for a second (the evaluations it queued are done).
      let length = -1;
      let quietSince = Date.now();
      while ((await sweeps()) <= done || Date.now() - quietSince < 1_000) {
        if (Date.now() > deadline) throw new Error('the sweep and its evaluations did not finish in time');
        if (github.log.length !== length) {
          length = github.log.length;
          quietSince = Date.now();
        }
        await sleep(50);
      }
      const window = github.log.slice(from);
      const tokens = window.filter((l) => /^POST \/app\/installations\/\d+\/access_tokens$/.test(l.request) || l.request === 'GET /app').length;
      const requests = window.length - tokens;
      return {
        seconds: (quietSince - started) / 1000,
        requests,
        rateLimited: requests - window.filter((l) => l.status === 304).length,
        writes: window.filter((l) => !l.request.startsWith('GET ')).length - window.filter((l) => l.request.startsWith('POST /app/installations/')).length,
        tokens,
        peakRssMb: peakRssMb(app.child.pid),
      };
    };
    const first = await nextSweep(0);
    const next = await nextSweep(1);
    return { pulls: pulls.length, first, next, writesBefore };
  } finally {
    app.child.kill('SIGKILL');
    await github.close();
  }
}

function printSweep(label: string, w: SweepWindow): void {
  console.log(`  ${label}: ${w.seconds.toFixed(1)} s; ${w.requests} GitHub requests, ${w.rateLimited} rate-limited (${w.requests - w.rateLimited} answered 304), ${w.writes} writes; ${w.tokens} token exchanges; peak RSS so far ${w.peakRssMb} MB`);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const modes: Mode[] = [
  { name: 'one process, in-process queue', processes: 1, redis: false },
  { name: 'two processes sharing Redis', processes: 2, redis: true },
];
const sweepOnly = process.argv.slice(2).includes('sweep');
if (!sweepOnly) console.log(
  `load: ${DELIVERIES} deliveries in bursts of ${BURST} over ${REPOSITORIES * PULLS_PER_REPOSITORY} pull requests in ${REPOSITORIES} installations (half in scope); GitHub simulated on loopback`,
);
for (const mode of sweepOnly ? [] : modes) {
  const r = await run(mode, privateKey);
  console.log(`\n${r.mode}`);
  console.log(`  all checks posted after ${r.seconds.toFixed(1)} s: ${r.throughput.toFixed(1)} deliveries/s`);
  console.log(`  event-to-check latency: p50 ${r.p50.toFixed(2)} s, p99 ${r.p99.toFixed(2)} s`);
  console.log(`  peak memory (RSS): ${r.peakRssMb.map((mb) => `${mb} MB`).join(', ')}`);
  console.log(`  GitHub requests: ${r.requests}; checklist comments: ${r.comments} (one per in-scope pull request: ${r.inScope})`);
}

console.log(`\nsweep: ${SWEEP_REPOSITORIES * SWEEP_PULLS_PER_REPOSITORY} open pull requests in ${SWEEP_REPOSITORIES} installations (half in scope), each evaluated once before; one process, READINESS_SWEEP_INTERVAL=${SWEEP_INTERVAL_S}`);
const swept = await sweepRun(privateKey);
printSweep('first sweep after the start (cold request cache)', swept.first);
printSweep('next sweep (warm request cache)', swept.next);
console.log(`  (the ${swept.pulls} evaluations before the start wrote ${swept.writesBefore} times; a sweep where nothing changed should write 0)`);
if (swept.first.writes + swept.next.writes > 0) process.exitCode = 1;
