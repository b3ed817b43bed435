/**
 * Carries out a gap-issue plan (gap-issue-plan.ts) on GitHub: one issue per
 * unmet evidence item of a pull request (SPEC §3.3), never two. The issue
 * numbers live in the checklist comment's publication state; an issue the
 * state does not know is first looked for by the hidden key in its body (after
 * a restart, or when an earlier run filed it but could not save the state).
 */
import type { GitHubClient, RepoRef } from '../github/client.js';
import { isGone, isNotFound, isUnprocessable } from '../github/http-status.js';
import { GAP_LABEL, renderGapIssue } from '../render/gap-issue.js';
import { gapIssueOwners, planGapIssues, type GapIssueDraft, type GapIssueFacts, type GapIssuePlan, type GapIssueStep } from './gap-issue-plan.js';
import type { GapIssueRecord, PublicationState } from './publication-state.js';

export type GapIssueInput = GapIssueFacts & {
  /** The app's login (`readiness-gate[bot]`): only issues it created are adopted. */
  appLogin: string;
};

export interface GapIssueResult {
  /** The input state with `gapIssues` brought up to date. */
  state: PublicationState;
  /** Evidence id → web address of the issue of each current gap that has one, for the checklist. */
  links: Record<string, string>;
}

/** Plans, then carries out: the gap issues of one pull request brought in line with its verdict. */
export async function ensureGapIssues(github: GitHubClient, input: GapIssueInput): Promise<GapIssueResult> {
  return applyGapIssuePlan(github, planGapIssues(input), input);
}

/** Carries out `plan`, made from `state`, and returns `state` with what GitHub now holds. */
export async function applyGapIssuePlan(
  github: GitHubClient,
  plan: GapIssuePlan,
  context: { repo: RepoRef; appLogin: string; state: PublicationState },
): Promise<GapIssueResult> {
  return new GapIssueRun(github, plan, context).apply();
}

/** The web address of the GitHub the client talks to: github.com, a GHE.com subdomain, or a GitHub Enterprise Server. */
function webBaseUrl(github: GitHubClient): string {
  const api = new URL(github.request.endpoint.DEFAULTS.baseUrl);
  if (api.hostname === 'api.github.com') return 'https://github.com';
  if (api.hostname.startsWith('api.')) return `${api.protocol}//${api.host.slice('api.'.length)}`;
  return `${api.origin}${api.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/$/, '')}`;
}

class GapIssueRun {
  readonly #github: GitHubClient;
  readonly #plan: GapIssuePlan;
  readonly #repo: RepoRef;
  readonly #appLogin: string;
  readonly #state: PublicationState;
  /** What GitHub said about each login (lower case): asked once per run, whatever the number of issues. */
  readonly #assignable = new Map<string, boolean>();
  #labelsReady = false;

  constructor(github: GitHubClient, plan: GapIssuePlan, context: { repo: RepoRef; appLogin: string; state: PublicationState }) {
    this.#github = github;
    this.#plan = plan;
    // Only owner and repo: request parameters must not pick up anything else the caller's object carries.
    this.#repo = { owner: context.repo.owner, repo: context.repo.repo };
    this.#appLogin = context.appLogin;
    this.#state = context.state;
  }

  async apply(): Promise<GapIssueResult> {
    const records: Record<string, GapIssueRecord> = { ...this.#state.gapIssues };
    for (const { id, number, comment, reason } of this.#plan.close) {
      if (await this.#ensureClosed(number, comment, reason)) records[id] = { number, state: 'closed' };
      else delete records[id];
    }
    const unknown = this.#plan.steps.flatMap((step) => (step.kind === 'file' ? [step.draft.key] : []));
    const found = unknown.length > 0 ? await this.#findByKey(unknown) : new Map<string, GapIssueRecord>();
    const links: Record<string, string> = {};
    for (const step of this.#plan.steps) {
      const record = await this.#ensureStep(step, found);
      if (!record) {
        delete records[step.id];
        continue;
      }
      records[step.id] = record;
      links[step.id] = `${webBaseUrl(this.#github)}/${this.#repo.owner}/${this.#repo.repo}/issues/${record.number}`;
    }
    return { state: { ...this.#state, gapIssues: records }, links };
  }

  /** The issue a step leaves the gap with; null when it has none. */
  async #ensureStep(step: GapIssueStep, found: ReadonlyMap<string, GapIssueRecord>): Promise<GapIssueRecord | null> {
    switch (step.kind) {
      case 'keep':
        return step.record;
      case 'reopen':
        return (await this.#ensureOpen(step.number, step.draft.reopenComment)) ?? this.#ensureGapIssue(step.draft);
      case 'file': {
        const existing = found.get(step.draft.key);
        if (!existing) return this.#ensureGapIssue(step.draft);
        return existing.state === 'open' ? existing : this.#ensureOpen(existing.number, step.draft.reopenComment);
      }
    }
  }

  /** Comments why, then closes; false when the issue no longer exists. */
  async #ensureClosed(number: number, comment: string, reason: 'completed' | 'not_planned'): Promise<boolean> {
    try {
      await this.#github.rest.issues.createComment({ ...this.#repo, issue_number: number, body: comment });
      await this.#github.rest.issues.update({ ...this.#repo, issue_number: number, state: 'closed', state_reason: reason });
      return true;
    } catch (error) {
      if (isGone(error)) return false;
      throw error;
    }
  }

  /** Re-opens, then says what is missing again; null when the issue no longer exists. */
  async #ensureOpen(number: number, comment: string): Promise<GapIssueRecord | null> {
    try {
      await this.#github.rest.issues.update({ ...this.#repo, issue_number: number, state: 'open' });
    } catch (error) {
      if (isGone(error)) return null;
      throw error;
    }
    await this.#github.rest.issues.createComment({ ...this.#repo, issue_number: number, body: comment });
    return { number, state: 'open' };
  }

  /**
   * Lists the app's own issues once (newest first) until every wanted key is
   * found, filtered by the first label when there is one. Someone else's issue
   * carrying a copied key is never adopted.
   */
  async #findByKey(keys: string[]): Promise<Map<string, GapIssueRecord>> {
    const appLogin = this.#appLogin;
    const found = new Map<string, GapIssueRecord>();
    const label = this.#plan.labels[0];
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
        for (const key of keys) {
          if (found.has(key) || !issue.body?.includes(key)) continue;
          found.set(key, { number: issue.number, state: issue.state === 'closed' ? 'closed' : 'open' });
        }
      }
      if (found.size === keys.length) break;
    }
    return found;
  }

  /** Files the draft, assigned to the owners GitHub lets it assign and mentioning the rest. */
  async #ensureGapIssue(draft: GapIssueDraft): Promise<GapIssueRecord> {
    let owners = gapIssueOwners(draft.content.ownerMembers, this.#assignable);
    while ('ask' in owners) {
      this.#assignable.set(owners.ask.toLowerCase(), await this.#canAssign(owners.ask));
      owners = gapIssueOwners(draft.content.ownerMembers, this.#assignable);
    }
    await this.#ensureLabels();
    const { title, body } = renderGapIssue({ ...draft.content, mentioned: owners.mentioned });
    const { labels } = this.#plan;
    const { data } = await this.#github.rest.issues.create({ ...this.#repo, title, body, labels, assignees: owners.assignees });
    return { number: data.number, state: 'open' };
  }

  async #canAssign(login: string): Promise<boolean> {
    try {
      await this.#github.rest.issues.checkUserCanBeAssigned({ ...this.#repo, assignee: login });
      return true;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return false;
    }
  }

  /** Creates missing labels with the app's colour; GitHub would otherwise make them grey and without a description. */
  async #ensureLabels(): Promise<void> {
    if (this.#labelsReady) return;
    for (const name of this.#plan.labels) {
      try {
        await this.#github.rest.issues.getLabel({ ...this.#repo, name });
      } catch (error) {
        if (!isNotFound(error)) throw error;
        try {
          await this.#github.rest.issues.createLabel({ ...this.#repo, name, color: GAP_LABEL.color, description: GAP_LABEL.description });
        } catch (creation) {
          // Another run created it in between: exactly what was wanted.
          if (!isUnprocessable(creation)) throw creation;
        }
      }
    }
    this.#labelsReady = true;
  }
}
