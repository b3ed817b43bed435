/**
 * GitHub API requests per event, counted on the real evaluation path
 * (`evaluatePull` with Probot's Octokit) against the simulated GitHub,
 * answering at the fetch layer, so nothing leaves the process. With the
 * request cache (src/cache/) one cache serves every delivery, as in one app
 * process; requests are then counted two ways: all requests GitHub answered,
 * and those that count against the rate limit (all but the 304s).
 */
import { ProbotOctokit, type Logger } from 'probot';
import { evaluatePull } from '../app/evaluate-pull.js';
import { RequestCache } from '../cache/request-cache.js';
import type { GitHubClient } from '../github/client.js';
import type { GitHubPull } from '../github/pull-object.js';
import { stateKey } from '../publish/state-seal.js';
import { sweep } from '../schedule/sweep.js';
import type { EvaluationJob } from '../queue/evaluation-job.js';
import { HttpGitHub } from '../testing/http-github.js';
import { SimulatedGitHub } from '../testing/simulated-github.js';
import { benchPull, benchRepository } from './bench-github.js';
import type { Benchmark, BenchmarkReport } from './benchmark.js';

const OWNER = 'acme';
const REPO = 'churn';
const APP = { id: 1, slug: 'readiness-gate', login: 'readiness-gate[bot]' };

const CONTRACT = `version: 1
scope:
  paths: ["models/**", "serving/**"]
roles:
  ml-lead: ["@alice"]
  sre: ["@bob"]
signoffs:
  - role: ml-lead
  - role: sre
evidence:
  - { id: model-card, title: Model card, owner: ml-lead, file: docs/model-card.md, sections: ["Intended use"] }
  - { id: evaluation, title: Evaluation, owner: ml-lead, file: reports/eval.json, fields: [{ path: metrics.auc, min: 0.8 }] }
  - { id: runbook, title: Runbook, owner: sre, file: ops/runbook.md, sections: ["Rollback"] }
`;

const EVIDENCE: Record<string, string> = {
  'docs/model-card.md': '# Card\n\n## Intended use\n\nChurn scoring.\n',
  'reports/eval.json': '{"metrics": {"auc": 0.91}}',
  'ops/runbook.md': '# Runbook\n\n## Rollback\n\nRedeploy the previous image.\n',
};

/** One key for every delivery, as one deployment's webhook secret would give. */
const STATE_KEY = stateKey('bench-webhook-secret');

const ignore = (): void => undefined;
const silentLog = { info: ignore, warn: ignore, error: ignore, debug: ignore, trace: ignore } as unknown as Logger;

/** A repository with one pull request changing `files`, and that pull request's first push. */
function repositoryWith(files: string[]): { github: HttpGitHub; payloadPull: GitHubPull } {
  const simulated = new SimulatedGitHub({ appId: APP.id, appSlug: APP.slug });
  const pull = benchPull(benchRepository(simulated, OWNER, REPO, { contract: CONTRACT, evidence: EVIDENCE }), 1, files);
  pull.push();
  return { github: new HttpGitHub(simulated), payloadPull: pull.toJSON() as unknown as GitHubPull };
}

interface Counted {
  /** `METHOD path` of every request GitHub answered. */
  requests: string[];
  /** GitHub's status for each of `requests`. */
  statuses: number[];
  /** Answered 304: not counted against the rate limit. */
  notModified: number;
}

const rateLimited = (c: Counted): number => c.requests.length - c.notModified;
const writes = (c: Counted): number => c.requests.filter((r) => !r.startsWith('GET ')).length;
const describe = (c: Counted): string =>
  `${c.requests.length} requests, ${rateLimited(c)} rate-limited (${c.requests.length - c.notModified - writes(c)} reads answered 200, ${c.notModified} answered 304), ${writes(c)} writes`;

/** Probot's Octokit without retries and throttling (nothing fails here), with the request cache when one is given. */
function clientClass(cache?: RequestCache) {
  const base = cache ? ProbotOctokit.plugin(cache.plugin) : ProbotOctokit;
  return base.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
}

/** The requests one evaluation costs: for a `pull_request` delivery, or (`payloadPull: null`) with no payload, as a scheduled re-evaluation runs. */
async function requestsFor({ github, payloadPull }: ReturnType<typeof repositoryWith>, Octokit = clientClass(), withPayload = true): Promise<Counted> {
  const octokit = new Octokit({ auth: { token: 'bench' }, request: { fetch: github.fetch } }) as unknown as GitHubClient;
  const before = github.log.length;
  await evaluatePull(
    { github: octokit, log: silentLog, now: () => new Date('2026-11-22T12:00:00Z'), identity: async () => APP, stateKey: STATE_KEY },
    { ref: { owner: OWNER, repo: REPO, number: 1 }, ...(withPayload ? { payloadPull } : {}) },
  );
  const answered = github.log.slice(before);
  const statuses = answered.map((a) => a.status);
  return { requests: answered.map((a) => a.request), statuses, notModified: statuses.filter((s) => s === 304).length };
}

const SWEPT_REPOSITORIES = 2;
const SWEPT_PULLS_PER_REPOSITORY = 50;

interface SweepCost {
  /** The sweep's own requests (installations, repositories, contract probes, open pull requests). */
  sweep: Counted;
  /** The requests of the evaluations it queued. */
  evaluations: Counted;
  queued: number;
}

/**
 * One installation with two repositories of 50 open pull requests each (half
 * in scope) and one without a contract; every pull request was evaluated once,
 * as its event had it, so a sweep finds nothing changed. One request cache
 * serves the process, as in the app.
 */
async function sweepOfOpenPulls(): Promise<{ afterEvents: SweepCost; next: SweepCost }> {
  const simulated = new SimulatedGitHub({ appId: APP.id, appSlug: APP.slug });
  const repositories = Array.from({ length: SWEPT_REPOSITORIES }, (_, r) => benchRepository(simulated, OWNER, `model-${r + 1}`, { contract: CONTRACT, evidence: EVIDENCE }));
  // Half in scope, half only touching the README: a sweep cannot tell them apart without evaluating.
  const pulls = repositories.flatMap((repository) =>
    Array.from({ length: SWEPT_PULLS_PER_REPOSITORY }, (_, n) => benchPull(repository, n + 1, [n % 2 === 0 ? 'models/churn/train.py' : 'README.md'])),
  );
  for (const pull of pulls) pull.push();
  const withoutContract = simulated.repository(OWNER, 'website');
  withoutContract.setFile('README.md', '# Website\n');
  simulated.install(1, [...repositories, withoutContract]);
  const github = new HttpGitHub(simulated);
  const Octokit = clientClass(new RequestCache());
  const client = (token: string) => new Octokit({ auth: { token }, request: { fetch: github.fetch } }) as unknown as GitHubClient;
  const evaluate = (job: Pick<EvaluationJob, 'ref'>, payloadPull?: GitHubPull) =>
    evaluatePull(
      { github: client('simulated-token-1'), log: silentLog, now: () => new Date('2026-11-22T12:00:00Z'), identity: async () => APP, stateKey: STATE_KEY },
      { ref: job.ref, ...(payloadPull ? { payloadPull } : {}) },
    );
  const counted = (from: number, to: number): Counted => {
    const answered = github.log.slice(from, to);
    const statuses = answered.map((a) => a.status);
    return { requests: answered.map((a) => a.request), statuses, notModified: statuses.filter((s) => s === 304).length };
  };
  for (const pull of pulls) await evaluate({ ref: { owner: OWNER, repo: pull.repository.name, number: pull.number } }, pull.toJSON() as unknown as GitHubPull);

  const once = async (): Promise<SweepCost> => {
    const jobs: EvaluationJob[] = [];
    const start = github.log.length;
    await sweep({
      appClient: async () => client('app-jwt'),
      installationClient: async (id) => client(`simulated-token-${id}`),
      enqueue: async (job) => void jobs.push(job),
      now: () => new Date('2026-11-22T12:00:00Z'),
      log: silentLog,
    });
    const swept = github.log.length;
    // Sweep jobs carry no payload: each evaluation fetches its pull request, as a scheduled one does.
    for (const job of jobs) await evaluate(job);
    return { sweep: counted(start, swept), evaluations: counted(swept, github.log.length), queued: jobs.length };
  };
  return { afterEvents: await once(), next: await once() };
}

const sweepLines = (label: string, cost: SweepCost): string[] => [
  `  ${label}: the sweep ${describe(cost.sweep)}; queued ${cost.queued} evaluations: ${describe(cost.evaluations)}`,
  `      per evaluation: ${(cost.evaluations.requests.length / Math.max(1, cost.queued)).toFixed(1)} requests, ${(rateLimited(cost.evaluations) / Math.max(1, cost.queued)).toFixed(1)} rate-limited`,
  ...writeKinds(cost.evaluations).map((line) => `      writes: ${line}`),
];

/** Writes by method and path (numbers and SHAs folded), most frequent first. */
function writeKinds(c: Counted): string[] {
  const kinds = new Map<string, number>();
  for (const r of c.requests.filter((request) => !request.startsWith('GET '))) {
    const kind = r.replace(/\/\d+(?=\/|$)/g, '/:n');
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return [...kinds].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${n} × ${kind}`);
}

export const apiRequestsBenchmark: Benchmark = {
  name: 'GitHub API requests per pull_request event',
  async run(): Promise<BenchmarkReport> {
    const outOfScope = await requestsFor(repositoryWith(['README.md', 'docs/guide.md']));
    const inScope = repositoryWith(['models/churn/train.py', 'serving/app.py']);
    const first = await requestsFor(inScope);
    const redelivery = await requestsFor(inScope);

    // The same, in one app process with the request cache: every delivery to a repository shares one cache.
    // (The two simulated repositories share names and SHAs with different content, which GitHub never could: one cache each.)
    const cachedOutOfScope = await requestsFor(repositoryWith(['README.md', 'docs/guide.md']), clientClass(new RequestCache()));
    const Cached = clientClass(new RequestCache());
    const cachedScope = repositoryWith(['models/churn/train.py', 'serving/app.py']);
    const cachedFirst = await requestsFor(cachedScope, Cached);
    // The first redelivery reads the check run and checklist the first evaluation wrote (200 once); after that all is 304.
    const cachedRedelivery = await requestsFor(cachedScope, Cached);
    const cachedSecondRedelivery = await requestsFor(cachedScope, Cached);
    const cachedScheduled = await requestsFor(cachedScope, Cached, false);
    const swept = await sweepOfOpenPulls();
    const sweptPulls = SWEPT_REPOSITORIES * SWEPT_PULLS_PER_REPOSITORY;
    return {
      lines: [
        'without the request cache:',
        `  out-of-scope pull request: ${describe(outOfScope)}`,
        `  first evaluation, in scope, 3 evidence files: ${describe(first)}`,
        `  redelivery, nothing changed: ${describe(redelivery)}`,
        ...first.requests.map((r) => `      ${r}`),
        'with the request cache (one process, ETags and 304s as GitHub sends them):',
        `  out-of-scope pull request: ${describe(cachedOutOfScope)}`,
        `  first evaluation, in scope, 3 evidence files: ${describe(cachedFirst)}`,
        `  redelivery where nothing changed, right after the first evaluation: ${describe(cachedRedelivery)}`,
        ...cachedRedelivery.requests.map((r, i) => `      ${r} → ${String(cachedRedelivery.statuses[i])}`),
        `  redelivery where nothing changed: ${describe(cachedSecondRedelivery)}`,
        `  scheduled re-evaluation (no payload) where nothing changed: ${describe(cachedScheduled)}`,
        ...cachedScheduled.requests.map((r, i) => `      ${r} → ${String(cachedScheduled.statuses[i])}`),
        `sweep of ${sweptPulls} open pull requests (half in scope), nothing changed (1 installation, ${SWEPT_REPOSITORIES} repositories with a contract, 1 without; with the request cache):`,
        ...sweepLines('right after each pull request was evaluated once', swept.afterEvents),
        ...sweepLines('the next sweep', swept.next),
      ],
      targets: [
        { description: 'out-of-scope pull request costs at most 3 requests', met: outOfScope.requests.length <= 3 && cachedOutOfScope.requests.length <= 3 },
        { description: 'a redelivery or scheduled re-evaluation where nothing changed makes no write request', met: [redelivery, cachedRedelivery, cachedSecondRedelivery, cachedScheduled].every((c) => writes(c) === 0) },
        { description: 'with the cache, a redelivery where nothing changed makes at most 4 rate-limited requests', met: rateLimited(cachedRedelivery) <= 4 && rateLimited(cachedSecondRedelivery) <= 4 },
        { description: 'with the cache, a scheduled re-evaluation where nothing changed makes at most 4 rate-limited requests', met: rateLimited(cachedScheduled) <= 4 },
        { description: 'with the cache, a redelivery or scheduled re-evaluation where nothing changed makes at most 4 requests in all (304s included)', met: cachedSecondRedelivery.requests.length <= 4 && cachedScheduled.requests.length <= 4 },
        {
          description: `a sweep of ${sweptPulls} open pull requests where nothing changed makes no write and queues each of them once`,
          met: [swept.afterEvents, swept.next].every((c) => writes(c.sweep) + writes(c.evaluations) === 0 && c.queued === sweptPulls),
        },
      ],
    };
  },
};
