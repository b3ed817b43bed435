/**
 * The verdict a details page shows, judged afresh and read-only by the app's
 * own judging steps (app/judge-pull.ts: contract from the base, files at the
 * head, scope, the shared-head refusal, facts, the app's own head clock), and
 * nothing after them. This file writes nothing to GitHub: it calls only
 * readers, so a page view can never publish (a test asserts that a page view
 * sends GETs alone).
 *
 * Why re-evaluate rather than parse the check's audit record back: the verdict
 * carries what the page must show (each requirement's reasons, problems with
 * lines) as data, and a page that judges with the same code cannot drift from
 * the check. The check's own records are still read for the earlier
 * evaluations (audit/history.ts).
 */
import type { ContractError } from '../contract/parse.js';
import type { Verdict } from '../evaluate/verdict.js';
import type { ConversationEntry } from '../facts/snapshot.js';
import type { GitHubClient, PullRef } from '../github/client.js';
import { recordHead } from '../github/head-clock.js';
import type { GitHubPull } from '../github/pull-object.js';
import { firstLook, judgeInScope, type LoadedContract } from '../app/judge-pull.js';
import { findOwnChecklist } from '../publish/checklist-comment.js';
import { readPublicationState } from '../publish/publication-state.js';
import { stateSeal } from '../publish/state-seal.js';

/** The pull request as the page describes it. */
export interface PullSummary {
  number: number;
  title: string;
  author: string;
  htmlUrl: string | null;
  state: 'open' | 'closed';
  merged: boolean;
  headSha: string;
  base: string;
  defaultBranch: string | null;
}

export type PageJudgement =
  | { kind: 'no-contract' }
  | { kind: 'contract-unavailable'; message: string }
  | { kind: 'contract-errors'; errors: ContractError[]; contract: ContractSource[] }
  /** The check refuses to judge a head several open pull requests into one base share; so does the page. */
  | { kind: 'shared-head'; pulls: number[]; base: string; contract: ContractSource[] }
  | { kind: 'judged'; verdict: Verdict; contract: ContractSource[] };

export interface ContractSource {
  source: string;
  sha: string | null;
}

export interface ReadOnlyContext {
  github: GitHubClient;
  now: Date;
  appLogin: string;
  stateKey: Buffer;
}

export async function readPull(github: GitHubClient, ref: PullRef): Promise<{ raw: GitHubPull; summary: PullSummary }> {
  const { data } = await github.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number });
  const raw = data as unknown as GitHubPull & { title?: string; html_url?: string };
  return {
    raw,
    summary: {
      number: raw.number,
      title: raw.title ?? '',
      author: raw.user?.login ?? 'ghost',
      htmlUrl: raw.html_url ?? null,
      state: raw.state === 'closed' ? 'closed' : 'open',
      merged: Boolean(raw.merged ?? raw.merged_at),
      headSha: raw.head.sha,
      base: raw.base.ref,
      defaultBranch: raw.base.repo?.default_branch ?? null,
    },
  };
}

export async function judgeForPage(context: ReadOnlyContext, ref: PullRef, pull: GitHubPull): Promise<PageJudgement> {
  const { github, now } = context;
  const look = await firstLook(github, { owner: ref.owner, repo: ref.repo }, pull, now);
  if (look.kind === 'no-contract') return { kind: 'no-contract' };
  if (look.kind === 'contract-unavailable') return { kind: 'contract-unavailable', message: look.message };
  const contract = sourcesOf(look.load);
  if (look.kind === 'contract-errors') return { kind: 'contract-errors', errors: look.errors, contract };
  if (look.kind === 'out-of-scope') return { kind: 'judged', verdict: look.verdict, contract };

  // The app's own signed record of the heads pins plain-comment sign-offs, exactly as in an evaluation.
  const seal = stateSeal(context.stateKey, ref);
  const headClock = async () => (conversation: readonly ConversationEntry[]) =>
    recordHead(readPublicationState(findOwnChecklist(conversation, context.appLogin)?.body ?? null, seal).heads, pull.head.sha, now);
  const judged = await judgeInScope(github, ref, pull, look, now, headClock);
  if (judged.kind === 'shared-head') return { kind: 'shared-head', pulls: judged.pulls, base: pull.base.ref, contract };
  return { kind: 'judged', verdict: judged.verdict, contract };
}

function sourcesOf(load: LoadedContract): ContractSource[] {
  return load.files.map((file) => ({ source: file.source, sha: file.sha }));
}
