/**
 * One evaluation of one pull request, as named steps: settle a closed pull
 * request → load the contract from the base → list the files at the judged
 * head → judge scope (out of scope: publish, done) → make sure the judged head
 * is the current one → complete a cut file list → refuse a head shared by
 * several pull requests → gather the facts → evaluate → publish. Each step is
 * one function; the layers it calls do the work. Everything an event handler
 * does ends up here, serialised per pull request. The judging steps themselves
 * (judge-pull.ts) are read-only and shared with the details page; this file
 * adds the publishing around them.
 */
import type { Logger } from 'probot';
import type { CompiledContract } from '../evaluate/compile.js';
import type { Verdict } from '../evaluate/verdict.js';
import type { ContractError } from '../contract/parse.js';
import type { Contract } from '../contract/schema.js';
import { loadContract, type ContractLoad } from '../facts/github/load-contract.js';
import { fetchPull } from '../facts/github/pull.js';
import type { ConversationEntry, Snapshot } from '../facts/snapshot.js';
import type { GitHubClient, PullRef, RepoRef } from '../github/client.js';
import { recordHead } from '../github/head-clock.js';
import { failedRequest } from '../github/http-status.js';
import { defaultBranchOf, type GitHubPull } from '../github/pull-object.js';
import { checkNameFor, findCheckRun, type ExistingCheckRun } from '../github/readiness-check.js';
import { findOwnChecklist } from '../publish/checklist-comment.js';
import { readPublicationState, type PublicationState } from '../publish/publication-state.js';
import { contractErrorsCheck, publishCheck, publishEvaluation, verdictCheck, type CheckLookup, type CheckTarget } from '../publish/publish-evaluation.js';
import { stateSeal, type StateSeal } from '../publish/state-seal.js';
import type { AuditContext } from '../render/audit-record.js';
import { contractUnavailableCheck, evaluationStoppedCheck, type EvaluationStop } from '../render/not-judged.js';
import { detailsUrl } from '../web/details-url.js';
import { settleClosedPull } from './closed-pull.js';
import type { AppIdentity } from './identity.js';
import { firstLook, judgeInScope } from './judge-pull.js';
import { retireLeftBases, type LeftBase } from './retire-check.js';
import { refuseSharedHead } from './shared-head.js';

export interface EvaluationContext {
  github: GitHubClient;
  log: Logger;
  now: () => Date;
  identity: () => Promise<AppIdentity>;
  /** Signs the app's hidden state (publish/state-seal.ts stateKey: derived from the webhook secret). */
  stateKey: Buffer;
  /** The app's public base URL (READINESS_PUBLIC_URL): each check links to its pull request's details page there. */
  publicUrl?: string | null;
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
  retargetedFrom?: LeftBase[];
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

/** What an evaluation has learnt so far: where to fail the check if a later step cannot finish (known once a contract exists). */
interface Progress {
  target: CheckTarget | null;
}

/**
 * Runs one evaluation. If GitHub fails part-way (after Octokit's retries have
 * run out) and a contract exists, the check says so with a failure, never a
 * stale success; the error is rethrown for the log, and the next event retries.
 */
export async function evaluatePull(context: EvaluationContext, request: EvaluationRequest): Promise<EvaluationResult> {
  const progress: Progress = { target: null };
  try {
    const pull = request.payloadPull ?? (await fetchPull(context.github, request.ref));
    const retired = await retireLeftBases(context.github, request.ref, appIdOf(context), pull, request.retargetedFrom ?? []);
    const result = await judgePull(context, request, progress, pull, request.payloadPull === undefined);
    const reevaluate = [...new Set([...retired, ...(result.reevaluate ?? [])])];
    return reevaluate.length > 0 ? { ...result, reevaluate } : result;
  } catch (error) {
    if (progress.target) {
      // Not looked up: the lookup could fail the same way, and a new run is the current one.
      await publishCheck(context.github, progress.target, evaluationStoppedCheck(stopOf(error)), 'create').catch((publishError: unknown) =>
        context.log.error({ err: publishError }, 'could not report the failed evaluation on the check either'),
      );
    }
    throw error;
  }
}

/**
 * The steps. `current` says `delivered` was just fetched; a delivered payload
 * may be older than the pull request, so before anything but the cheap
 * out-of-scope verdict is published the pull request is fetched, and a newer
 * head is judged afresh: the files, the head and the check always belong to
 * one commit.
 */
async function judgePull(
  context: EvaluationContext,
  request: EvaluationRequest,
  progress: Progress,
  delivered: GitHubPull,
  current: boolean,
  loaded?: ContractLoad,
): Promise<EvaluationResult> {
  const { github } = context;
  const { ref } = request;
  if (delivered.state === 'closed') return settleClosed(context, ref, delivered);

  const load = loaded ?? (await loadContract(github, repoOf(ref), delivered.base.ref));
  if (load.kind === 'none') return { outcome: 'no-contract' };
  const target = (progress.target = checkTarget(request, delivered, context.publicUrl ?? null));
  const now = context.now();
  const look = await firstLook(github, repoOf(ref), delivered, now, load);
  if (look.kind === 'no-contract') return { outcome: 'no-contract' };
  if (look.kind === 'contract-unavailable') return reportUnavailableContract(context, target, ref, look.message);
  if (look.kind === 'contract-errors') return reportContractErrors(context, target, look.errors);
  const judge: Judge = { compiled: look.compiled, audit: auditOf(look.load, ref.number), now };
  // A delivered pull request costs no lookup (a new push has no check yet); a sweep or a timer looks, so an unchanged check is not written again.
  const outOfScopeLookup: CheckLookup = current ? { appId: appIdOf(context) } : 'create';
  if (look.kind === 'out-of-scope') return publishOutOfScope(github, target, judge, look.verdict, outOfScopeLookup);

  let pull = delivered;
  if (!current) {
    const fresh = await fetchPull(github, ref);
    // Pushed (or moved) since the delivery: judge what is there now; the contract still holds for the same base.
    if (moved(pull, fresh)) return judgePull(context, request, progress, fresh, true, fresh.base.ref === pull.base.ref ? load : undefined);
    pull = fresh;
  }

  let published: PublishedSoFar | null = null;
  const judged = await judgeInScope(github, ref, pull, look, now, async () => {
    published = await readPublished(context, target, ref, pull, now);
    const { stateIn } = published;
    return (conversation) => stateIn(conversation).heads;
  });
  if (judged.kind === 'out-of-scope') return publishOutOfScope(github, target, judge, judged.verdict, outOfScopeLookup);
  if (judged.kind === 'shared-head') return refuseShared(context, target, ref.number, judged.pulls, pull.base.ref);
  const { snapshot, verdict } = judged;
  await publish(context, request, { target, judge, contract: look.contract, gapsExplicit: look.load.gapsExplicit, pull, snapshot, published: published!, verdict });
  return { outcome: 'evaluated', verdict };
}

/** What judges the pull request, fixed for one pass of the steps. */
interface Judge {
  compiled: CompiledContract;
  audit: AuditContext;
  now: Date;
}

function repoOf(ref: PullRef): RepoRef {
  return { owner: ref.owner, repo: ref.repo };
}

function appIdOf(context: EvaluationContext): () => Promise<number> {
  return async () => (await context.identity()).id;
}

/** The pull request's check: its name for the base, on its head and on every commit that must carry it too. */
function checkTarget(request: EvaluationRequest, pull: GitHubPull, publicUrl: string | null): CheckTarget {
  return {
    ...(publicUrl ? { detailsUrl: detailsUrl(publicUrl, request.ref) } : {}),
    repo: repoOf(request.ref),
    heads: [pull.head.sha, ...(request.alsoCheck ?? [])],
    name: checkNameFor(pull.base.ref, defaultBranchOf(pull)),
  };
}

function moved(pull: GitHubPull, fresh: GitHubPull): boolean {
  return fresh.head.sha !== pull.head.sha || fresh.base.ref !== pull.base.ref || fresh.state !== pull.state;
}

function auditOf(load: ContractLoad & { kind: 'loaded' }, pull: number): AuditContext {
  return { contractPath: load.sources.join(', '), contractSha: load.sha, contractFiles: load.files, pull };
}

async function settleClosed(context: EvaluationContext, ref: PullRef, pull: GitHubPull): Promise<EvaluationResult> {
  const again = await settleClosedPull(context.github, await context.identity(), context.stateKey, ref, pull);
  return again.length > 0 ? { outcome: 'closed', reevaluate: again } : { outcome: 'closed' };
}

async function reportUnavailableContract(context: EvaluationContext, target: CheckTarget, ref: PullRef, message: string): Promise<EvaluationResult> {
  context.log.error({ pull: ref.number }, message);
  await publishCheck(context.github, target, contractUnavailableCheck(message), { appId: appIdOf(context) });
  return { outcome: 'contract-unavailable', message };
}

async function reportContractErrors(context: EvaluationContext, target: CheckTarget, errors: ContractError[]): Promise<EvaluationResult> {
  await publishCheck(context.github, target, contractErrorsCheck(errors), { appId: appIdOf(context) });
  return { outcome: 'contract-error' };
}

/** Out of scope needs no facts, no lookup and no comment: the cheapest path GitHub allows. */
async function publishOutOfScope(github: GitHubClient, target: CheckTarget, judge: Judge, verdict: Verdict, lookup: CheckLookup): Promise<EvaluationResult> {
  await publishCheck(github, target, verdictCheck(verdict, judge.audit), lookup);
  return { outcome: 'evaluated', verdict };
}

async function refuseShared(context: EvaluationContext, target: CheckTarget, number: number, sharing: number[], base: string): Promise<EvaluationResult> {
  const reevaluate = await refuseSharedHead(context.github, target, appIdOf(context), number, sharing, base);
  return { outcome: 'shared-head', pulls: sharing, ...(reevaluate.length > 0 ? { reevaluate } : {}) };
}

/** What the app has published on this pull request so far, read before the facts are gathered. */
interface PublishedSoFar {
  identity: AppIdentity;
  seal: StateSeal;
  /** The app's current run on the judged head. */
  currentCheck: ExistingCheckRun | null;
  /** The checklist's hidden state in a conversation, with the judged head recorded. */
  stateIn: (conversation: readonly ConversationEntry[]) => PublicationState;
}

async function readPublished(context: EvaluationContext, target: CheckTarget, ref: PullRef, pull: GitHubPull, now: Date): Promise<PublishedSoFar> {
  const identity = await context.identity();
  const seal = stateSeal(context.stateKey, ref);
  const currentCheck = await findCheckRun(context.github, target.repo, pull.head.sha, identity.id, target.name);
  // The app's own record of this pull request's heads, with this head in it, is the clock that pins plain-comment sign-offs.
  const stateIn = (conversation: readonly ConversationEntry[]): PublicationState => {
    const state = readPublicationState(findOwnChecklist(conversation, identity.login)?.body ?? null, seal);
    return { ...state, heads: recordHead(state.heads, pull.head.sha, now) };
  };
  return { identity, seal, currentCheck, stateIn };
}

interface Judged {
  target: CheckTarget;
  judge: Judge;
  contract: Contract;
  gapsExplicit: boolean;
  pull: GitHubPull;
  snapshot: Snapshot;
  published: PublishedSoFar;
  verdict: Verdict;
}

async function publish(context: EvaluationContext, request: EvaluationRequest, judged: Judged): Promise<void> {
  const { target, pull, snapshot, published, verdict } = judged;
  const lookup: CheckLookup = { appId: appIdOf(context) };
  const { comment, replies } = await publishEvaluation(context.github, {
    ref: request.ref,
    target,
    currentCheck: published.currentCheck,
    lookup,
    appLogin: published.identity.login,
    verdict,
    audit: judged.judge.audit,
    contract: judged.contract,
    gapsExplicit: judged.gapsExplicit,
    pull: snapshot.pull,
    alreadyRequested: {
      users: (pull.requested_reviewers ?? []).flatMap((r) => (r ? [r.login] : [])),
      teams: (pull.requested_teams ?? []).flatMap((t) => (t ? [t.slug] : [])),
    },
    conversation: snapshot.conversation,
    state: published.stateIn(snapshot.conversation),
    seal: published.seal,
    acknowledge: request.acknowledge ?? [],
  });
  context.log.info({ pull: request.ref.number, conclusion: verdict.conclusion, comment, replies }, 'readiness evaluated');
}

/** Octokit's errors name the request that failed: the check says which (render/not-judged.ts words it). */
function stopOf(error: unknown): EvaluationStop {
  const request = failedRequest(error);
  if (request) return { request };
  return { message: error instanceof Error ? error.message : String(error) };
}
