/**
 * The one door to GitHub's side of an evaluation: what the app writes for a
 * pull request, and in which order. Each write is an idempotent ensure… (its
 * own file says how); this file only sequences them.
 *
 * A judged pull request (publishEvaluation):
 *   1. the check run on the judged head, then on every other commit that must
 *      carry the same check (a merge group's head): the check is what branch
 *      protection reads, so it is written before anything that could fail;
 *   2. gap issues, whose numbers the checklist links and its state records;
 *   3. review requests for the roles whose sign-off is missing, recorded in
 *      the same state;
 *   4. the checklist comment, carrying the state that 2 and 3 left;
 *   5. replies to commands, then reactions to the commands that caused this
 *      evaluation.
 * A closed pull request (publishSettlement): its open gap issues are closed,
 * then the checklist's state says so. Everything else (an out-of-scope verdict,
 * a contract that cannot be used, a refusal) is one check content on every
 * head (publishCheck).
 */
import { CONTRACT_PATH } from '../contract/location.js';
import type { ContractError } from '../contract/parse.js';
import type { Contract } from '../contract/schema.js';
import type { Verdict } from '../evaluate/verdict.js';
import type { ConversationEntry, PullRequestFacts } from '../facts/snapshot.js';
import type { GitHubClient, PullRef, RepoRef } from '../github/client.js';
import { findCheckRun, type ExistingCheckRun } from '../github/readiness-check.js';
import type { AuditContext } from '../render/audit-record.js';
import { renderCheckRun, renderContractErrors } from '../render/check-run.js';
import { renderChecklist } from '../render/checklist.js';
import { ensureCheckRun, type DesiredCheckRun } from './check-run.js';
import { checklistCommentBody, ensureChecklistComment, findOwnChecklist, type ExistingComment } from './checklist-comment.js';
import { ensureCommandReactions, ensureCommandReplies, planCommandReactions, planCommandReplies } from './command-replies.js';
import { ensureGapIssues } from './gap-issues.js';
import { replacePublicationState, type PublicationState } from './publication-state.js';
import { ensureReviewRequests } from './review-requests.js';
import type { StateSeal } from './state-seal.js';

/** A check's result and output, before it is given a commit and a name. */
export type CheckContent = Omit<DesiredCheckRun, 'headSha' | 'name'>;

/** Where a pull request's check goes: its head first, then any other commit that carries the same check, under one name. */
export interface CheckTarget {
  repo: RepoRef;
  heads: readonly string[];
  /** `readiness` or `readiness (<base>)` (github/readiness-check.ts checkNameFor). */
  name: string;
  /** The pull request's details page, for every run written (see DesiredCheckRun.detailsUrl). */
  detailsUrl?: string;
}

/**
 * How the current run on a head is found: the app's own, looked up by its id
 * (asked for only when some head needs it), or `create`: not looked up, so a
 * new run is always written (where a lookup would cost a request for nothing,
 * or could itself fail).
 */
export type CheckLookup = { appId: () => Promise<number> } | 'create';

export function verdictCheck(verdict: Verdict, audit: AuditContext): CheckContent {
  const { conclusion, ...output } = renderCheckRun(verdict, audit);
  return { conclusion, output };
}

export function contractErrorsCheck(errors: ContractError[]): CheckContent {
  const { conclusion, ...output } = renderContractErrors(errors, CONTRACT_PATH);
  return { conclusion, output };
}

function detailsOf(target: CheckTarget): { detailsUrl?: string } {
  return target.detailsUrl ? { detailsUrl: target.detailsUrl } : {};
}

/** The same check content on every head of the target, in order; says what happened on each. */
export async function publishCheck(
  github: GitHubClient,
  target: CheckTarget,
  content: CheckContent,
  lookup: CheckLookup,
): Promise<('created' | 'updated' | 'unchanged')[]> {
  if (target.heads.length === 0) return [];
  const appId = lookup === 'create' ? undefined : await lookup.appId();
  const written: ('created' | 'updated' | 'unchanged')[] = [];
  for (const headSha of target.heads) {
    const existing = lookup === 'create' ? undefined : await findCheckRun(github, target.repo, headSha, appId, target.name);
    written.push(await ensureCheckRun(github, target.repo, { ...content, headSha, name: target.name, ...detailsOf(target) }, existing));
  }
  return written;
}

export interface Publication {
  ref: PullRef;
  target: CheckTarget;
  /** The app's current run on the judged head (`target.heads[0]`), looked up before the facts were gathered. */
  currentCheck: ExistingCheckRun | null;
  /** Looks up the other heads' runs. */
  lookup: CheckLookup;
  appLogin: string;
  verdict: Verdict;
  audit: AuditContext;
  contract: Contract;
  /** See GapIssueFacts.gapsExplicit. */
  gapsExplicit: boolean;
  pull: PullRequestFacts;
  /** Requested right now, from the pull request object: user logins and team slugs. */
  alreadyRequested: { users: string[]; teams: string[] };
  /** The conversation the verdict was judged on: it holds the app's checklist comment and the commands to answer. */
  conversation: readonly ConversationEntry[];
  /** The checklist's hidden state as it stands, with the judged head recorded. */
  state: PublicationState;
  seal: StateSeal;
  /** Conversation entries whose accepted commands get a reaction. */
  acknowledge: readonly string[];
}

export interface Published {
  comment: 'created' | 'updated' | 'unchanged';
  /** Replies written. */
  replies: number;
}

export async function publishEvaluation(github: GitHubClient, publication: Publication): Promise<Published> {
  const { ref, target, verdict, contract, pull, appLogin, conversation } = publication;
  const { repo } = target;
  const [head = '', ...others] = target.heads;
  const check = verdictCheck(verdict, publication.audit);
  await ensureCheckRun(github, repo, { ...check, headSha: head, name: target.name, ...detailsOf(target) }, publication.currentCheck);
  await publishCheck(github, { ...target, heads: others }, check, publication.lookup);
  const existing = findOwnChecklist(conversation, appLogin);
  const gaps = await ensureGapIssues(github, {
    repo,
    pull: { number: ref.number, state: pull.state, merged: pull.merged, author: pull.author.login },
    verdict,
    contract,
    state: publication.state,
    appLogin,
    gapsExplicit: publication.gapsExplicit,
  });
  const state = await ensureReviewRequests(github, {
    repo,
    pullNumber: ref.number,
    author: pull.author.login,
    verdict,
    contract,
    state: gaps.state,
    alreadyRequested: publication.alreadyRequested,
  });
  const body = checklistCommentBody(renderChecklist(verdict, { issueLinks: gaps.links }), state, publication.seal);
  const comment = await ensureChecklistComment(github, ref, body, existing);
  const replies = await ensureCommandReplies(github, ref, planCommandReplies(verdict.commands, conversation, appLogin));
  await ensureCommandReactions(github, ref, planCommandReactions(publication.acknowledge, verdict.commands));
  return { comment, replies };
}

export interface Settlement {
  ref: PullRef;
  merged: boolean;
  author: string;
  /** The app's checklist comment, whose state lists the gap issues. */
  checklist: ExistingComment;
  state: PublicationState;
  seal: StateSeal;
  appLogin: string;
}

/** A closed pull request: its open gap issues closed, then the checklist's state brought in line. */
export async function publishSettlement(github: GitHubClient, settlement: Settlement): Promise<void> {
  const { ref, checklist, seal } = settlement;
  const settled = await ensureGapIssues(github, {
    repo: { owner: ref.owner, repo: ref.repo },
    pull: { number: ref.number, state: 'closed', merged: settlement.merged, author: settlement.author },
    verdict: null,
    contract: null,
    state: settlement.state,
    appLogin: settlement.appLogin,
    gapsExplicit: false,
  });
  await ensureChecklistComment(github, ref, replacePublicationState(checklist.body, settled.state, seal), checklist);
}
