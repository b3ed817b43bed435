/**
 * One GitHub issue per unmet evidence item of a pull request (SPEC §3.3),
 * never two: the issue numbers live in the checklist comment's publication
 * state, and an issue the state does not know is first looked for by the hidden
 * key in its body (after a restart, or when an earlier run filed it but could
 * not save the state). Issues are closed with a short comment when their gap
 * goes away and re-opened when it comes back.
 */
import type { Contract } from '../contract/schema.js';
import { isGap, type EvidenceResult, type Verdict } from '../evaluate/verdict.js';
import { isNotFound, type GitHubClient, type RepoRef } from '../facts/github/client.js';
import { renderGapClosed, renderGapIssue, renderGapReopened, type GapClosure } from '../render/gap-issue.js';
import type { GapIssueRecord, PublicationState } from './publication-state.js';

export interface GapIssueInput {
  repo: RepoRef;
  pull: { number: number; state: 'open' | 'closed'; merged: boolean; author: string };
  /** Null when the pull request is closed: then every open gap issue is closed. */
  verdict: Verdict | null;
  /** Null is allowed with a null verdict: closing issues needs no contract, so a closed pull request need not load one. */
  contract: Contract | null;
  state: PublicationState;
  /** The app's login (`readiness-gate[bot]`): only issues it created are adopted. */
  appLogin: string;
  /**
   * The contract's `gaps` block sets `issues: true` itself. The parsed contract
   * cannot tell (the schema fills in the default), and an advisory contract
   * files issues only when it asks for them.
   */
  gapsExplicit: boolean;
}

export interface GapIssueResult {
  /** The input state with `gapIssues` brought up to date. */
  state: PublicationState;
  /** Evidence id → web address of the issue of each current gap that has one, for the checklist. */
  links: Record<string, string>;
}

const LABEL_COLOUR = 'd93f0b';
const LABEL_DESCRIPTION = 'Evidence a pull request still needs before it is ready for production';
/** GitHub keeps at most this many assignees on an issue. */
const MAX_ASSIGNEES = 10;

/** The hidden line that identifies the issue of one evidence item of one pull request. */
export function gapIssueKey(repo: RepoRef, pullNumber: number, evidenceId: string): string {
  return `<!-- readiness-gate:gap ${repo.owner}/${repo.repo}#${pullNumber} ${evidenceId} -->`;
}

/** Whether the contract has gap issues filed: on by default, but an advisory contract must ask for them. */
export function filesGapIssues(contract: Contract, gapsExplicit: boolean): boolean {
  return contract.gaps.issues && (contract.enforcement !== 'advisory' || gapsExplicit);
}

function isBotLogin(login: string): boolean {
  return /\[bot\]$/i.test(login);
}

/** A deleted issue answers 410, a transferred or hidden one 404: either way it is no longer ours to manage. */
function isGone(error: unknown): boolean {
  return isNotFound(error) || (typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 410);
}

function isUnprocessable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 422;
}

/** The web address of the GitHub the client talks to: github.com, a GHE.com subdomain, or a GitHub Enterprise Server. */
function webBaseUrl(github: GitHubClient): string {
  const api = new URL(github.request.endpoint.DEFAULTS.baseUrl);
  if (api.hostname === 'api.github.com') return 'https://github.com';
  if (api.hostname.startsWith('api.')) return `${api.protocol}//${api.host.slice('api.'.length)}`;
  return `${api.origin}${api.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/$/, '')}`;
}

interface FoundIssue {
  number: number;
  state: 'open' | 'closed';
}

class GapIssueRun {
  readonly #github: GitHubClient;
  readonly #input: GapIssueInput;
  readonly #repo: RepoRef;
  readonly #pullNumber: number;
  readonly #assignable = new Map<string, boolean>();
  #labelsReady = false;

  constructor(github: GitHubClient, input: GapIssueInput) {
    this.#github = github;
    this.#input = input;
    // Only owner and repo: request parameters must not pick up anything else the caller's object carries.
    this.#repo = { owner: input.repo.owner, repo: input.repo.repo };
    this.#pullNumber = input.pull.number;
  }

  async reconcile(): Promise<GapIssueResult> {
    const { verdict, pull, contract } = this.#input;
    const judged = pull.state === 'open' ? verdict : null;
    const gaps = new Map<string, EvidenceResult>();
    if (judged?.inScope) {
      for (const item of judged.evidence) if (isGap(item.status) && !gaps.has(item.id)) gaps.set(item.id, item);
    }
    const records: Record<string, GapIssueRecord> = { ...this.#input.state.gapIssues };

    for (const id of Object.keys(records).sort()) {
      const record = records[id];
      if (!record || record.state !== 'open' || gaps.has(id)) continue;
      if (await this.#close(record.number, this.#closureOf(id, judged))) records[id] = { number: record.number, state: 'closed' };
      else delete records[id];
    }

    // The contract to file under; null when nothing may be filed.
    const filing = contract !== null && filesGapIssues(contract, this.#input.gapsExplicit) ? contract : null;
    const unknown = [...gaps.keys()].filter((id) => !records[id]);
    const found = filing && unknown.length > 0 ? await this.#findByKey(filing, unknown) : new Map<string, FoundIssue>();
    const links: Record<string, string> = {};
    for (const [id, gap] of gaps) {
      let record: GapIssueRecord | null = records[id] ?? null;
      if (filing && record?.state === 'closed') record = await this.#reopen(record.number, gap);
      if (filing && !record) {
        const existing = found.get(id);
        record = existing ? await this.#adopt(existing, gap) : await this.#create(filing, gap);
      }
      if (!record) {
        delete records[id];
        continue;
      }
      records[id] = record;
      links[id] = `${webBaseUrl(this.#github)}/${this.#repo.owner}/${this.#repo.repo}/issues/${record.number}`;
    }
    return { state: { ...this.#input.state, gapIssues: records }, links };
  }

  #closureOf(id: string, verdict: Verdict | null): GapClosure {
    if (!verdict) return { kind: this.#input.pull.merged ? 'merged' : 'closed' };
    if (!verdict.inScope) return { kind: 'out-of-scope' };
    const item = verdict.evidence.find((candidate) => candidate.id === id);
    if (!item) return { kind: 'removed' };
    if (item.status === 'met') return { kind: 'met', headSha: verdict.headSha };
    if (item.status === 'waived') return { kind: 'waived', expiresAt: item.waiver?.expiresAt, reason: item.waiver?.reason };
    if (item.status === 'warning') return { kind: 'not-enforced', enforceFrom: item.enforceFrom };
    return { kind: 'not-applicable' };
  }

  /** Comments why, then closes; false when the issue no longer exists. */
  async #close(number: number, closure: GapClosure): Promise<boolean> {
    const done = closure.kind === 'met' || closure.kind === 'merged';
    try {
      await this.#github.rest.issues.createComment({ ...this.#repo, issue_number: number, body: renderGapClosed(closure, this.#pullNumber) });
      await this.#github.rest.issues.update({ ...this.#repo, issue_number: number, state: 'closed', state_reason: done ? 'completed' : 'not_planned' });
      return true;
    } catch (error) {
      if (isGone(error)) return false;
      throw error;
    }
  }

  /** Re-opens, then says what is missing again; null when the issue no longer exists. */
  async #reopen(number: number, gap: EvidenceResult): Promise<GapIssueRecord | null> {
    try {
      await this.#github.rest.issues.update({ ...this.#repo, issue_number: number, state: 'open' });
    } catch (error) {
      if (isGone(error)) return null;
      throw error;
    }
    const headSha = this.#input.verdict?.headSha ?? '';
    await this.#github.rest.issues.createComment({ ...this.#repo, issue_number: number, body: renderGapReopened(gap, this.#pullNumber, headSha) });
    return { number, state: 'open' };
  }

  async #adopt(existing: FoundIssue, gap: EvidenceResult): Promise<GapIssueRecord | null> {
    if (existing.state === 'open') return { number: existing.number, state: 'open' };
    return this.#reopen(existing.number, gap);
  }

  /**
   * Lists the app's own issues once (newest first) until every wanted key is
   * found. Someone else's issue carrying a copied key is never adopted.
   */
  async #findByKey(contract: Contract, ids: string[]): Promise<Map<string, FoundIssue>> {
    const { appLogin } = this.#input;
    const wanted = new Map(ids.map((id) => [gapIssueKey(this.#repo, this.#pullNumber, id), id]));
    const found = new Map<string, FoundIssue>();
    const label = contract.gaps.labels[0];
    const pages = this.#github.paginate.iterator(this.#github.rest.issues.listForRepo, {
      ...this.#repo,
      creator: appLogin,
      state: 'all',
      ...(label !== undefined ? { labels: label } : {}),
      per_page: 100,
    });
    for await (const { data } of pages) {
      for (const issue of data) {
        if (issue.pull_request || issue.user?.login.toLowerCase() !== appLogin.toLowerCase()) continue;
        for (const [key, id] of wanted) {
          if (found.has(id) || !issue.body?.includes(key)) continue;
          found.set(id, { number: issue.number, state: issue.state === 'closed' ? 'closed' : 'open' });
        }
      }
      if (found.size === wanted.size) break;
    }
    return found;
  }

  async #create(contract: Contract, gap: EvidenceResult): Promise<GapIssueRecord> {
    const members = contract.roles[gap.owner] ?? [];
    const assignees: string[] = [];
    const mentioned: string[] = [];
    for (const member of members) {
      if (member.includes('/')) {
        mentioned.push(member);
        continue;
      }
      const login = member.slice(1);
      if (isBotLogin(login)) continue;
      if (assignees.length < MAX_ASSIGNEES && (await this.#canAssign(login))) assignees.push(login);
      else mentioned.push(member);
    }
    // Teams after users, so the people GitHub could not assign are named first.
    mentioned.sort((a, b) => Number(a.includes('/')) - Number(b.includes('/')));
    await this.#ensureLabels(contract.gaps.labels);
    const { title, body } = renderGapIssue({
      evidence: gap,
      requirement: contract.evidence.find((item) => item.id === gap.id),
      waivers: contract.waivers,
      pullNumber: this.#pullNumber,
      ownerRole: gap.owner,
      ownerMembers: members,
      mentioned,
      hiddenKey: gapIssueKey(this.#repo, this.#pullNumber, gap.id),
    });
    const { data } = await this.#github.rest.issues.create({ ...this.#repo, title, body, labels: contract.gaps.labels, assignees });
    return { number: data.number, state: 'open' };
  }

  /** Only a collaborator can be assigned; anyone else would make GitHub refuse the whole issue. */
  async #canAssign(login: string): Promise<boolean> {
    const known = this.#assignable.get(login.toLowerCase());
    if (known !== undefined) return known;
    let assignable: boolean;
    try {
      await this.#github.rest.issues.checkUserCanBeAssigned({ ...this.#repo, assignee: login });
      assignable = true;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      assignable = false;
    }
    this.#assignable.set(login.toLowerCase(), assignable);
    return assignable;
  }

  /** Creates missing labels with the app's colour; GitHub would otherwise make them grey and without a description. */
  async #ensureLabels(labels: string[]): Promise<void> {
    if (this.#labelsReady) return;
    for (const name of labels) {
      try {
        await this.#github.rest.issues.getLabel({ ...this.#repo, name });
      } catch (error) {
        if (!isNotFound(error)) throw error;
        try {
          await this.#github.rest.issues.createLabel({ ...this.#repo, name, color: LABEL_COLOUR, description: LABEL_DESCRIPTION });
        } catch (creation) {
          // Another run created it in between: exactly what was wanted.
          if (!isUnprocessable(creation)) throw creation;
        }
      }
    }
    this.#labelsReady = true;
  }
}

export async function reconcileGapIssues(github: GitHubClient, input: GapIssueInput): Promise<GapIssueResult> {
  return new GapIssueRun(github, input).reconcile();
}
