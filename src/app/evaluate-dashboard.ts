/**
 * One evaluation of the default branch's dashboard (contract `dashboard:
 * true`): load the contract from the branch, gather the facts of its head,
 * judge them (evaluate/branch-head.ts), reconcile the branch's gap issues, and
 * keep the one dashboard issue up to date. Runs as a queued job (one per
 * repository at a time); the scheduler calls it at `nextChangeAt`.
 */
import { compileContract } from '../evaluate/compile.js';
import { evaluateBranch, type BranchVerdict } from '../evaluate/branch-head.js';
import type { RepoRef } from '../github/client.js';
import { branchHead, gatherBranchFacts } from '../facts/github/branch-facts.js';
import { loadContract } from '../facts/github/load-contract.js';
import { openPullVerdicts } from '../facts/github/open-pull-verdicts.js';
import { dashboardBody, dashboardSeal, ensureDashboardIssue, readOwnIssues } from '../publish/dashboard-issue.js';
import { ensureGapIssues, type GapIssueResult } from '../publish/gap-issues.js';
import { readPublicationState } from '../publish/publication-state.js';
import { dashboardTitle, renderDashboard, type OpenGapIssue } from '../render/dashboard.js';
import { gapIssueTitle } from '../render/gap-issue.js';
import type { EvaluationContext } from './evaluate-pull.js';

export interface DashboardRequest {
  repo: RepoRef;
  /** The default branch, when the caller knows it (a push names it); otherwise GitHub is asked. */
  branch?: string;
}

export type DashboardResult =
  | { outcome: 'no-contract' | 'disabled' | 'contract-error'; nextChangeAt: null }
  | { outcome: 'contract-unavailable'; message: string; nextChangeAt: null }
  | {
      outcome: 'evaluated';
      verdict: BranchVerdict;
      issue: 'created' | 'updated' | 'unchanged';
      /** When time alone changes the dashboard: the scheduler evaluates it again then. */
      nextChangeAt: string | null;
    };

export async function evaluateDashboard(context: EvaluationContext, request: DashboardRequest): Promise<DashboardResult> {
  const { github, log } = context;
  const repo: RepoRef = { owner: request.repo.owner, repo: request.repo.repo };
  const branch = request.branch ?? (await github.rest.repos.get({ ...repo })).data.default_branch;
  const load = await loadContract(github, repo, branch);
  if (load.kind === 'none') return { outcome: 'no-contract', nextChangeAt: null };
  if (load.kind === 'unavailable') {
    log.error({ repository: `${repo.owner}/${repo.repo}` }, `dashboard: ${load.message}`);
    return { outcome: 'contract-unavailable', message: load.message, nextChangeAt: null };
  }
  // A broken contract is reported on every pull request's check; the dashboard keeps its last text.
  if (!load.result.ok) return { outcome: 'contract-error', nextChangeAt: null };
  const contract = load.result.contract;
  if (!contract.dashboard) return { outcome: 'disabled', nextChangeAt: null };

  const now = context.now();
  const headSha = await branchHead(github, repo, branch);
  const facts = await gatherBranchFacts(github, repo, branch, headSha, contract);
  const verdict = evaluateBranch(compileContract(contract), facts, now);

  const identity = await context.identity();
  const seal = dashboardSeal(context.stateKey, repo);
  const own = await readOwnIssues(github, repo, identity.login);
  const gaps = await ensureGapIssues(github, {
    repo,
    branch,
    verdict: { inScope: true, evidence: verdict.evidence, headSha },
    contract,
    state: readPublicationState(own.dashboard?.body ?? null, seal),
    appLogin: identity.login,
    gapsExplicit: load.gapsExplicit,
  });
  const pulls = await openPullVerdicts(github, repo, branch, identity.id);
  const body = dashboardBody(
    renderDashboard({ verdict, issueLinks: gaps.links, pulls, gapIssues: openGapIssues(own.openGapIssues, gaps, verdict), now }),
    gaps.state,
    seal,
  );
  const issue = await ensureDashboardIssue(github, repo, { title: dashboardTitle(branch), body }, own.dashboard);
  log.info({ repository: `${repo.owner}/${repo.repo}`, branch, issue, nextChangeAt: verdict.nextChangeAt }, 'readiness dashboard evaluated');
  return { outcome: 'evaluated', verdict, issue, nextChangeAt: verdict.nextChangeAt };
}

/** The open gap issues as they are after this run: those listed, less the branch's just closed, plus the branch's just filed or re-opened. */
function openGapIssues(listed: readonly OpenGapIssue[], gaps: GapIssueResult, verdict: BranchVerdict): OpenGapIssue[] {
  const records = Object.entries(gaps.state.gapIssues);
  const closed = new Set(records.flatMap(([, record]) => (record.state === 'closed' ? [record.number] : [])));
  const issues = new Map(listed.filter((issue) => !closed.has(issue.number)).map((issue) => [issue.number, issue]));
  for (const [id, record] of records) {
    const item = verdict.evidence.find((candidate) => candidate.id === id);
    if (record.state !== 'open' || issues.has(record.number) || !item) continue;
    issues.set(record.number, { number: record.number, title: gapIssueTitle(item, { kind: 'branch', branch: verdict.branch }) });
  }
  return [...issues.values()];
}
