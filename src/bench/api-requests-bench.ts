/**
 * GitHub API requests per event, counted on the real evaluation path
 * (`evaluatePull` with Probot's Octokit) against the simulated GitHub,
 * answering at the fetch layer, so nothing leaves the process.
 */
import { ProbotOctokit, type Logger } from 'probot';
import { evaluatePull } from '../app/evaluate-pull.js';
import type { GitHubClient } from '../github/client.js';
import type { GitHubPull } from '../github/pull-object.js';
import { stateKey } from '../publish/state-seal.js';
import { SimulatedGitHub, type PullSpec } from './simulated-github.js';
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
function repositoryWith(files: string[]): { github: SimulatedGitHub; payloadPull: GitHubPull } {
  const pull: PullSpec = { repo: REPO, number: 1, files };
  const github = new SimulatedGitHub(OWNER, [pull], { contract: CONTRACT, evidence: EVIDENCE });
  return { github, payloadPull: github.push(pull).payload as unknown as GitHubPull };
}

/** The requests one `pull_request` delivery costs. */
async function requestsFor({ github, payloadPull }: ReturnType<typeof repositoryWith>): Promise<string[]> {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { enabled: false },
    throttle: { enabled: false },
  }));
  const octokit = new Octokit({ auth: { token: 'bench' }, request: { fetch: github.fetch } }) as unknown as GitHubClient;
  const before = github.log.length;
  await evaluatePull(
    { github: octokit, log: silentLog, now: () => new Date('2026-11-22T12:00:00Z'), identity: async () => APP, stateKey: STATE_KEY },
    { ref: { owner: OWNER, repo: REPO, number: 1 }, payloadPull },
  );
  return github.log.slice(before);
}

export const apiRequestsBenchmark: Benchmark = {
  name: 'GitHub API requests per pull_request event',
  async run(): Promise<BenchmarkReport> {
    const outOfScope = await requestsFor(repositoryWith(['README.md', 'docs/guide.md']));
    const inScope = repositoryWith(['models/churn/train.py', 'serving/app.py']);
    const first = await requestsFor(inScope);
    const redelivery = await requestsFor(inScope);
    const writes = (requests: string[]) => requests.filter((r) => !r.startsWith('GET '));
    return {
      lines: [
        `out-of-scope pull request: ${outOfScope.length} requests (${writes(outOfScope).length} writes)`,
        `first evaluation, in scope, 3 evidence files: ${first.length} requests (${writes(first).length} writes)`,
        `redelivery, nothing changed: ${redelivery.length} requests (${writes(redelivery).length} writes)`,
        ...first.map((r) => `    ${r}`),
      ],
      targets: [
        { description: 'out-of-scope pull request costs at most 3 requests', met: outOfScope.length <= 3 },
        { description: 'a redelivery where nothing changed makes no write request', met: writes(redelivery).length === 0 },
      ],
    };
  },
};
