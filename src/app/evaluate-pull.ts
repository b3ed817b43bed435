/**
 * One evaluation of one pull request: gather facts, judge, render, reconcile.
 * Everything an event handler does ends up here, serialised per pull request.
 */
import type { Logger } from 'probot';
import { CONTRACT_PATH } from '../contract/location.js';
import { compileContract } from '../evaluate/compile.js';
import { evaluate } from '../evaluate/evaluate.js';
import type { Verdict } from '../evaluate/verdict.js';
import type { GitHubClient, PullRef, RepoRef } from '../github/client.js';
import { readConversation } from '../facts/github/conversation.js';
import { gatherSnapshot } from '../facts/github/gather.js';
import { recordHead } from '../github/head-clock.js';
import { loadContract, type ContractLoad } from '../facts/github/load-contract.js';
import { fetchPull, GITHUB_FILE_LIST_LIMIT, listChangedFiles, listChangedFilesAt, pullFacts, type ChangedFiles } from '../facts/github/pull.js';
import { gitHubAnswer } from '../github/http-status.js';
import type { GitHubPull } from '../github/pull-object.js';
import type { ChangedFile, ConversationEntry, Snapshot } from '../facts/snapshot.js';
import { readEvidenceFile } from '../facts/github/evidence.js';
import { parseContract, type ContractError } from '../contract/parse.js';
import { judgeProposedContract } from '../evaluate/proposed-contract.js';
import { ensureCheckRun, type DesiredCheckRun } from '../publish/check-run.js';
import { checkNameFor, CHECK_NAME, findCheckRun } from '../github/readiness-check.js';
import { openPullsWithHead } from '../github/head-pulls.js';
import { checklistCommentBody, ensureChecklistComment, findOwnChecklist } from '../publish/checklist-comment.js';
import { ensureGapIssues } from '../publish/gap-issues.js';
import { readPublicationState, replacePublicationState, type PublicationState } from '../publish/publication-state.js';
import { stateSeal } from '../publish/state-seal.js';
import { ensureReviewRequests } from '../publish/review-requests.js';
import { ensureCommandReactions, ensureCommandReplies, planCommandReactions, planCommandReplies } from '../publish/command-replies.js';
import { renderCheckRun, renderContractErrors } from '../render/check-run.js';
import { renderChecklist } from '../render/checklist.js';
import { closedPullCheck, retargetedPullCheck, sharedHeadCheck } from '../render/not-judged.js';
import { retireCheck } from './retire-check.js';
import type { AppIdentity } from './identity.js';

export interface EvaluationContext {
  github: GitHubClient;
  log: Logger;
  now: () => Date;
  identity: () => Promise<AppIdentity>;
  /** Signs the app's hidden state (publish/state-seal.ts stateKey: derived from the webhook secret). */
  stateKey: Buffer;
}

export interface EvaluationRequest {
  ref: PullRef;
  /** The pull request as a `pull_request` webhook delivered it; saves a request when the change is out of scope. */
  payloadPull?: GitHubPull;
  /** Extra commits that must carry the same check (a merge-queue group's head). */
  alsoCheck?: string[];
  /** Conversation entries (`comment:<id>`, …) whose creation caused this evaluation: accepted commands in them get a reaction. */
  acknowledge?: string[];
  /** Bases the pull request was moved away from, with its head at that moment: their verdict on that head is withdrawn. */
  retargetedFrom?: RetargetedFrom[];
}

export interface RetargetedFrom {
  base: string;
  head: string;
}

export type EvaluationResult = (
  | { outcome: 'no-contract' }
  | { outcome: 'closed' }
  | { outcome: 'contract-unavailable'; message: string }
  | { outcome: 'contract-error' }
  | { outcome: 'shared-head'; pulls: number[] }
  | { outcome: 'evaluated'; verdict: Verdict }
) & {
  /** Other pull requests that shared a check with this one and must be judged again. */
  reevaluate?: number[];
};

/** What an evaluation has learnt so far: enough to fail the check if a later step cannot finish. */
interface Progress {
  /** Commits that need the check; known once a contract exists. */
  heads: string[];
  /** The check's name for the pull request's base. */
  name: string;
}

/**
 * Runs one evaluation. If GitHub fails part-way (after Octokit's retries have
 * run out) and a contract exists, the check says so with a failure, never a
 * stale success; the error is rethrown for the log, and the next event retries.
 */
export async function evaluatePull(context: EvaluationContext, request: EvaluationRequest): Promise<EvaluationResult> {
  const progress: Progress = { heads: [], name: CHECK_NAME };
  try {
    const pull = request.payloadPull ?? (await fetchPull(context.github, request.ref));
    const retired = await retireLeftBases(context, request, pull);
    const result = await evaluateSteps(context, request, progress, pull, request.payloadPull === undefined);
    const reevaluate = [...new Set([...retired, ...(result.reevaluate ?? [])])];
    return reevaluate.length > 0 ? { ...result, reevaluate } : result;
  } catch (error) {
    if (progress.heads.length > 0) {
      const repo: RepoRef = { owner: request.ref.owner, repo: request.ref.repo };
      const failed = failedEvaluationCheck(`The evaluation stopped: ${describeFailure(error)}.`);
      await publishEverywhere(context, repo, progress.heads, progress.name, failed, { lookUp: false }).catch((publishError: unknown) =>
        context.log.error({ err: publishError }, 'could not report the failed evaluation on the check either'),
      );
    }
    throw error;
  }
}

/** A pull request moved to another base no longer stands for its head against the old one. */
async function retireLeftBases(context: EvaluationContext, request: EvaluationRequest, pull: GitHubPull): Promise<number[]> {
  const left = (request.retargetedFrom ?? []).filter((r) => r.base !== pull.base.ref);
  if (left.length === 0) return [];
  const { ref } = request;
  const repo: RepoRef = { owner: ref.owner, repo: ref.repo };
  const { id } = await context.identity();
  const again: number[] = [];
  for (const { base, head } of left) {
    const content = retargetedPullCheck(ref.number, base, pull.base.ref);
    again.push(...(await retireCheck(context.github, repo, id, { number: ref.number, head, base, defaultBranch: defaultBranchOf(pull), content })));
  }
  return again;
}

/**
 * Judges `pull`. `current` says it was just fetched; a delivered payload may
 * be older than the pull request, so before anything but the cheap
 * out-of-scope verdict is published the pull request is fetched, and a newer
 * head is judged afresh: the files, the head and the check always belong to
 * one commit.
 */
async function evaluateSteps(
  context: EvaluationContext,
  request: EvaluationRequest,
  progress: Progress,
  delivered: GitHubPull,
  current: boolean,
  loaded?: ContractLoad,
): Promise<EvaluationResult> {
  const { github, log } = context;
  const { ref } = request;
  const repo: RepoRef = { owner: ref.owner, repo: ref.repo };
  let pull = delivered;
  if (pull.state === 'closed') return settleClosedPull(context, ref, pull);

  const load = loaded ?? (await loadContract(github, repo, pull.base.ref));
  if (load.kind === 'none') return { outcome: 'no-contract' };
  const name = checkNameFor(pull.base.ref, defaultBranchOf(pull));
  const heads = [pull.head.sha, ...(request.alsoCheck ?? [])];
  progress.heads = heads;
  progress.name = name;

  if (load.kind === 'unavailable') {
    log.error({ pull: ref.number }, load.message);
    await publishEverywhere(context, repo, heads, name, failedEvaluationCheck(`The readiness contract could not be loaded: ${load.message}.`));
    return { outcome: 'contract-unavailable', message: load.message };
  }
  if (!load.result.ok) {
    const rendered = renderContractErrors(load.result.errors, CONTRACT_PATH);
    await publishEverywhere(context, repo, heads, name, { conclusion: rendered.conclusion, output: rendered });
    return { outcome: 'contract-error' };
  }

  const compiled = compileContract(load.result.contract);
  let changed = await listChangedFilesAt(github, repo, pull);
  const now = context.now();
  // Out of scope needs no facts, no lookup and no comment: the cheapest path GitHub allows.
  const outOfScope = async (): Promise<EvaluationResult | null> => {
    const scoping = evaluate(compiled, scopingSnapshot(pull, changed), now);
    if (scoping.inScope) return null;
    await publishEverywhere(context, repo, heads, name, checkOf(scoping, load), { lookUp: false });
    return { outcome: 'evaluated', verdict: scoping };
  };
  const passed = await outOfScope();
  if (passed) return passed;

  if (!current) {
    const fresh = await fetchPull(github, ref);
    if (fresh.head.sha !== pull.head.sha || fresh.base.ref !== pull.base.ref || fresh.state !== pull.state) {
      // Pushed (or moved) since the delivery: judge what is there now; the contract still holds for the same base.
      return evaluateSteps(context, request, progress, fresh, true, fresh.base.ref === pull.base.ref ? load : undefined);
    }
    pull = fresh;
  }
  if (changed.truncated) {
    changed = await listedFilesOfHead(github, ref, pull, changed);
    const passedOnFullList = await outOfScope();
    if (passedOnFullList) return passedOnFullList;
  }

  const sharing = await pullsSharingHead(github, repo, ref.number, pull);
  if (sharing.length > 1) return refuseSharedHead(context, repo, ref.number, sharing, pull.base.ref, heads, name);

  const identity = await context.identity();
  const seal = stateSeal(context.stateKey, ref);
  const currentCheck = await findCheckRun(github, repo, pull.head.sha, identity.id, name);
  const headSha = pull.head.sha;
  // The app's own record of this pull request's heads, with this head in it, is the clock that pins plain-comment sign-offs.
  const publishedState = (conversation: readonly ConversationEntry[]): PublicationState => {
    const state = readPublicationState(findOwnChecklist(conversation, identity.login)?.body ?? null, seal);
    return { ...state, heads: recordHead(state.heads, headSha, now) };
  };
  const snapshot = await gatherSnapshot(github, ref, pullFacts(pull), changed, load.result.contract, {
    headClock: (conversation) => publishedState(conversation).heads,
  });
  const proposed = await proposedContractErrors(github, repo, pull.head.sha, changed.files);
  const evaluated = evaluate(compiled, snapshot, now);
  const verdict = proposed ? judgeProposedContract(evaluated, proposed) : evaluated;
  const check = checkOf(verdict, load, proposed);
  await ensureCheckRun(github, repo, { ...check, headSha: pull.head.sha, name }, currentCheck);
  await publishEverywhere(context, repo, heads.slice(1), name, check);
  const existing = findOwnChecklist(snapshot.conversation, identity.login);
  const contract = load.result.contract;
  const facts = snapshot.pull;
  const gaps = await ensureGapIssues(github, {
    repo,
    pull: { number: ref.number, state: facts.state, merged: facts.merged, author: facts.author.login },
    verdict,
    contract,
    state: publishedState(snapshot.conversation),
    appLogin: identity.login,
    gapsExplicit: load.gapsExplicit,
  });
  const state = await ensureReviewRequests(github, {
    repo,
    pullNumber: ref.number,
    author: facts.author.login,
    verdict,
    contract,
    state: gaps.state,
    alreadyRequested: {
      users: (pull.requested_reviewers ?? []).flatMap((r) => (r ? [r.login] : [])),
      teams: (pull.requested_teams ?? []).flatMap((t) => (t ? [t.slug] : [])),
    },
  });
  const body = checklistCommentBody(renderChecklist(verdict, { issueLinks: gaps.links }), state, seal);
  const comment = await ensureChecklistComment(github, ref, body, existing);
  const replies = await ensureCommandReplies(github, ref, planCommandReplies(verdict.commands, snapshot.conversation, identity.login));
  await ensureCommandReactions(github, ref, planCommandReactions(request.acknowledge ?? [], verdict.commands));
  log.info({ pull: ref.number, conclusion: verdict.conclusion, comment, replies }, 'readiness evaluated');
  return { outcome: 'evaluated', verdict };
}

/**
 * The compare GitHub cut at 300 files: the pull request's own list goes to
 * 3,000, but follows the branch, so it counts only if the head is still the
 * one judged once it has been read. Otherwise the cut list stands (in scope,
 * every path condition triggered).
 */
async function listedFilesOfHead(github: GitHubClient, ref: PullRef, pull: GitHubPull, cut: ChangedFiles): Promise<ChangedFiles> {
  if ((pull.changed_files ?? GITHUB_FILE_LIST_LIMIT) > GITHUB_FILE_LIST_LIMIT) return cut;
  const listed = await listChangedFiles(github, ref, pull.changed_files);
  const after = await fetchPull(github, ref);
  return after.head.sha === pull.head.sha ? listed : cut;
}

/** Open pull requests into the same base whose head is this one (this one included). */
async function pullsSharingHead(github: GitHubClient, repo: RepoRef, number: number, pull: GitHubPull): Promise<number[]> {
  const sharing = (await openPullsWithHead(github, repo, pull.head.sha)).filter((p) => p.base === pull.base.ref).map((p) => p.number);
  return [...new Set([number, ...sharing])];
}

/**
 * One commit, several pull requests into one base: they share one check run
 * but not their sign-offs (a colleague's pull request with the author's head
 * could collect the author's own sign-off), so none is judged until one is
 * left. When this writes the refusal, the others are judged again: one of them
 * may have published a verdict computed before this pull request appeared.
 */
async function refuseSharedHead(
  context: EvaluationContext,
  repo: RepoRef,
  number: number,
  sharing: number[],
  base: string,
  heads: readonly string[],
  name: string,
): Promise<EvaluationResult> {
  const refusal = sharedHeadCheck(sharing, base);
  const { id } = await context.identity();
  const [head = '', ...others] = heads;
  const existing = await findCheckRun(context.github, repo, head, id, name);
  const written = await ensureCheckRun(context.github, repo, { ...refusal, headSha: head, name }, existing);
  await publishEverywhere(context, repo, others, name, refusal);
  const reevaluate = written === 'unchanged' ? [] : sharing.filter((n) => n !== number);
  return { outcome: 'shared-head', pulls: sharing, ...(reevaluate.length > 0 ? { reevaluate } : {}) };
}

function defaultBranchOf(pull: GitHubPull): string | null | undefined {
  return pull.base.repo?.default_branch;
}

/**
 * A closed or merged pull request is not judged any more. Closed without
 * merging, its verdict on its head is withdrawn (see retireCheck). Its open
 * gap issues are closed, which needs only the state kept in the app's
 * checklist comment.
 */
async function settleClosedPull(context: EvaluationContext, ref: PullRef, pull: GitHubPull): Promise<EvaluationResult> {
  const { github } = context;
  const identity = await context.identity();
  const repo: RepoRef = { owner: ref.owner, repo: ref.repo };
  const facts = pullFacts(pull);
  const retirement = { number: ref.number, head: pull.head.sha, base: pull.base.ref, defaultBranch: defaultBranchOf(pull), content: closedPullCheck(ref.number) };
  const again = facts.merged ? [] : await retireCheck(github, repo, identity.id, retirement);
  const closed: EvaluationResult = again.length > 0 ? { outcome: 'closed', reevaluate: again } : { outcome: 'closed' };
  const existing = findOwnChecklist(await readConversation(github, ref, { commentsOnly: true }), identity.login);
  if (!existing) return closed;
  const seal = stateSeal(context.stateKey, ref);
  const state = readPublicationState(existing.body, seal);
  if (!Object.values(state.gapIssues).some((issue) => issue.state === 'open')) return closed;
  const settled = await ensureGapIssues(github, {
    repo,
    pull: { number: ref.number, state: 'closed', merged: facts.merged, author: facts.author.login },
    verdict: null,
    contract: null,
    state,
    appLogin: identity.login,
    gapsExplicit: false,
  });
  await ensureChecklistComment(github, ref, replacePublicationState(existing.body, settled.state, seal), existing);
  return closed;
}

type CheckContent = Omit<DesiredCheckRun, 'headSha' | 'name'>;

function checkOf(verdict: Verdict, load: ContractLoad & { kind: 'loaded' }, proposedErrors: ContractError[] | null = null): CheckContent {
  const rendered = renderCheckRun(verdict, { contractPath: load.sources.join(', '), contractSha: load.sha, contractFiles: load.files });
  // Errors in the proposed contract are pointed at in the pull request's own version of the file.
  const proposedAnnotations = proposedErrors?.length ? renderContractErrors(proposedErrors, CONTRACT_PATH).annotations : [];
  return { conclusion: rendered.conclusion, output: { ...rendered, annotations: [...proposedAnnotations, ...rendered.annotations] } };
}

/** The contract as the pull request would leave it: null when the pull request does not touch it (or deletes it). */
async function proposedContractErrors(github: GitHubClient, repo: RepoRef, headSha: string, files: readonly ChangedFile[]): Promise<ContractError[] | null> {
  if (!files.some((f) => f.path === CONTRACT_PATH && f.status !== 'removed')) return null;
  const file = await readEvidenceFile(github, repo, CONTRACT_PATH, headSha);
  if (file.state !== 'present') {
    return [{ path: '', line: 1, column: 1, message: file.state === 'absent' ? 'the file is missing at the head commit' : file.reason }];
  }
  const result = parseContract(file.content);
  return result.ok ? [] : result.errors;
}

function failedEvaluationCheck(reason: string): CheckContent {
  return {
    conclusion: 'failure',
    output: {
      title: 'Readiness could not be evaluated',
      summary: `${reason}\n\nSo this change cannot be judged ready. The check is evaluated again on the next event; comment \`/readiness\` to retry now.`,
      text: '',
      annotations: [],
    },
  };
}

/** Octokit's errors name the request that failed; say which, without the token-bearing headers. */
function describeFailure(error: unknown): string {
  const answer = gitHubAnswer(error);
  const request = (error as { request?: { method?: string; url?: string } } | null)?.request;
  if (answer !== undefined && request?.url) {
    const path = request.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    return `${answer} to ${request.method ?? 'a request'} ${path}`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function publishEverywhere(
  context: EvaluationContext,
  repo: RepoRef,
  heads: readonly string[],
  name: string,
  content: CheckContent,
  options: { lookUp: boolean } = { lookUp: true },
): Promise<void> {
  if (heads.length === 0) return;
  const appId = options.lookUp ? (await context.identity()).id : undefined;
  for (const headSha of heads) {
    const existing = options.lookUp ? await findCheckRun(context.github, repo, headSha, appId, name) : undefined;
    await ensureCheckRun(context.github, repo, { ...content, headSha, name }, existing);
  }
}

/** Enough of a snapshot to decide scope: the facts that cost requests are left empty. */
function scopingSnapshot(pull: GitHubPull, changed: ChangedFiles): Snapshot {
  return {
    pull: pullFacts(pull),
    changedFiles: changed.files,
    changedFilesTruncated: changed.truncated,
    evidence: {},
    checks: {},
    conversation: [],
    teamMemberships: [],
    changesSince: [],
  };
}
