/**
 * Every report of the contract's check names on the head commit, with its
 * source, so the judge can decide which reports count (evaluate/check-sources.ts).
 * Requests: the check runs and the commit statuses of the head (both
 * paginated), and, only when GitHub Actions reported a wanted name, the
 * workflow runs of the head, to learn which workflow file produced each run.
 */
import { ACTIONS_APP } from '../../contract/check-entries.js';
import type { ActorType, CheckConclusion, CheckFact, CheckObservation, WorkflowFact } from '../snapshot.js';
import type { GitHubClient, RepoRef } from '../../github/client.js';
import { gitHubAnswer, isNotPermitted } from '../../github/http-status.js';
import { failed, succeeded, type Outcome } from '../../outcome.js';

interface CheckRunRecord {
  name: string;
  status: string | null;
  conclusion: string | null;
  app?: { slug?: string | null } | null;
  check_suite?: { id?: number | null } | null;
}

interface StatusRecord {
  context: string;
  state: string;
  creator?: { login?: string | null; type?: string | null; id?: number | null } | null;
}

interface WorkflowRunRecord {
  check_suite_id?: number | null;
  path?: string | null;
  referenced_workflows?: { path?: string | null }[] | null;
}

export async function readChecks(github: GitHubClient, repo: RepoRef, headSha: string, names: readonly string[]): Promise<Record<string, CheckFact>> {
  const wanted = new Set(names);
  const [allRuns, allStatuses] = await Promise.all([
    github.paginate(github.rest.checks.listForRef, { ...repo, ref: headSha, filter: 'latest', per_page: 100 }),
    github.paginate(github.rest.repos.listCommitStatusesForRef, { ...repo, ref: headSha, per_page: 100 }),
  ]);
  const runs = (allRuns as CheckRunRecord[]).filter((run) => wanted.has(run.name));
  const statuses = (allStatuses as StatusRecord[]).filter((status) => wanted.has(status.context));
  const workflows = runs.some((run) => run.app?.slug === ACTIONS_APP) ? await readWorkflows(github, repo, headSha) : null;

  const checks: Record<string, CheckFact> = {};
  const observe = (name: string, observation: CheckObservation) => {
    (checks[name] ??= { name, observations: [] }).observations.push(observation);
  };
  for (const run of runs) {
    const app = run.app?.slug ?? '';
    const observation: CheckObservation = { kind: 'check_run', app, conclusion: runConclusion(run) };
    if (app === ACTIONS_APP) observation.workflow = workflowOf(run, workflows);
    observe(run.name, observation);
  }
  // GitHub lists statuses newest first; each creator's latest one for a name is what that source says now.
  const seen = new Set<string>();
  for (const status of statuses) {
    const creator = creatorOf(status);
    const source = `${status.context}\n${creator?.login.toLowerCase() ?? ''}`;
    if (seen.has(source)) continue;
    seen.add(source);
    observe(status.context, { kind: 'status', creator, conclusion: statusConclusion(status.state) });
  }
  return checks;
}

/** The workflow file (and the workflows it calls) of each check suite of the head. */
type Workflows = Outcome<Map<number, { file: string; calls: string[] }>>;

/** The workflow file of each check suite of the head. An app installed before it asked for `actions: read` cannot see them. */
async function readWorkflows(github: GitHubClient, repo: RepoRef, headSha: string): Promise<Workflows> {
  let runs: WorkflowRunRecord[];
  try {
    runs = (await github.paginate(github.rest.actions.listWorkflowRunsForRepo, { ...repo, head_sha: headSha, per_page: 100 })) as WorkflowRunRecord[];
  } catch (error) {
    if (isNotPermitted(error)) return failed(`${gitHubAnswer(error) ?? 'GitHub refused'} when asked for the workflow runs; the app needs the actions: read permission`);
    throw error;
  }
  const byCheckSuite = new Map<number, { file: string; calls: string[] }>();
  for (const run of runs) {
    const file = typeof run.path === 'string' ? workflowFile(run.path, repo) : null;
    if (typeof run.check_suite_id !== 'number' || file === null) continue;
    const calls = (run.referenced_workflows ?? []).flatMap((ref) => {
      const called = typeof ref.path === 'string' ? workflowFile(ref.path, repo) : null;
      return called === null ? [] : [called];
    });
    byCheckSuite.set(run.check_suite_id, { file, calls });
  }
  return succeeded(byCheckSuite);
}

function workflowOf(run: CheckRunRecord, workflows: Workflows | null): WorkflowFact {
  if (workflows === null) return { file: null, reason: 'the workflow runs were not read' };
  if (!workflows.ok) return { file: null, reason: workflows.reason };
  const suite = run.check_suite?.id;
  const found = typeof suite === 'number' ? workflows.value.get(suite) : undefined;
  return found ?? { file: null, reason: 'no workflow run of the head commit belongs to its check suite' };
}

/**
 * A workflow run names its file `.github/workflows/ci.yml`, or in full as
 * `owner/repo/.github/workflows/ci.yml@ref`; this returns the repository-relative
 * path, or null for a file in another repository (which no pull request here can change).
 * Paths that are no file of the repository at all (GitHub's dynamic workflows) are kept as they are.
 */
export function workflowFile(path: string, repo: RepoRef): string | null {
  const full = /^([^/]+)\/([^/]+)\/(\.github\/workflows\/[^/]+?)(?:@.*)?$/.exec(path);
  if (full) {
    const sameRepo = full[1]?.toLowerCase() === repo.owner.toLowerCase() && full[2]?.toLowerCase() === repo.repo.toLowerCase();
    return sameRepo ? (full[3] ?? null) : null;
  }
  const local = /^(\.github\/workflows\/[^/]+?)(?:@.*)?$/.exec(path);
  return local ? (local[1] ?? null) : path;
}

function creatorOf(status: StatusRecord): { login: string; type: ActorType } | null {
  const login = status.creator?.login;
  if (typeof login !== 'string' || login === '') return null;
  const type = status.creator?.type;
  return { login, type: type === 'Bot' || type === 'Organization' ? type : 'User' };
}

const RUN_CONCLUSIONS: ReadonlySet<string> = new Set<CheckConclusion>(['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required', 'stale']);

/** GitHub's conclusion of a completed run; one this code does not know (GitHub may add some) is read as a failure, never a pass. */
function runConclusion(run: CheckRunRecord): CheckConclusion {
  if (run.status !== 'completed' || run.conclusion === null) return 'pending';
  return RUN_CONCLUSIONS.has(run.conclusion) ? (run.conclusion as CheckConclusion) : 'failure';
}

function statusConclusion(state: string): CheckConclusion {
  return state === 'success' || state === 'failure' || state === 'error' ? state : 'pending';
}
