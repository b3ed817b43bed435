/**
 * Asks the members of roles whose sign-off is still missing for a review
 * (SPEC §3.4), once: whoever was asked is remembered in the publication state,
 * so removing a request, or a review that clears it, does not bring it back.
 * planReviewRequests decides who, without GitHub; applyReviewRequestPlan asks.
 */
import type { Contract } from '../contract/schema.js';
import { isGap, type Verdict } from '../evaluate/verdict.js';
import { isBotLogin } from '../github/actors.js';
import type { GitHubClient, RepoRef } from '../github/client.js';
import { isUnprocessable } from '../github/http-status.js';
import type { PublicationState } from './publication-state.js';

export interface ReviewRequestFacts {
  repo: RepoRef;
  pullNumber: number;
  author: string;
  verdict: Verdict;
  contract: Contract;
  state: PublicationState;
  /** Requested right now, from the pull request object: user logins and team slugs. */
  alreadyRequested: { users: string[]; teams: string[] };
}

export interface ReviewRequestPlan {
  /** The one request to send (user logins, team slugs of the repository's organisation); null when nobody new is to be asked. */
  request: { reviewers: string[]; team_reviewers: string[] } | null;
  /**
   * The state with everyone asked, or already asked by someone else, recorded;
   * the given state itself when nobody is new. It holds whatever GitHub answers
   * (see applyReviewRequestPlan).
   */
  state: PublicationState;
}

export function planReviewRequests(facts: ReviewRequestFacts): ReviewRequestPlan {
  const { repo, verdict, contract } = facts;
  const lower = (value: string) => value.toLowerCase();
  const recorded = new Set(facts.state.reviewRequested.map(lower));
  const currentUsers = new Set(facts.alreadyRequested.users.map(lower));
  const currentTeams = new Set(facts.alreadyRequested.teams.map(lower));
  const author = lower(facts.author);
  const org = lower(repo.owner);

  const users = new Map<string, string>();
  const teams = new Map<string, string>();
  const askedElsewhere: string[] = [];
  for (const signoff of verdict.inScope ? verdict.signoffs : []) {
    if (!isGap(signoff.status)) continue;
    const signed = new Set(signoff.signers.map((signer) => lower(signer.login)));
    for (const member of contract.roles[signoff.role] ?? []) {
      const key = lower(member);
      if (recorded.has(key) || users.has(key) || teams.has(key)) continue;
      const [name = '', slug] = member.slice(1).split('/');
      if (slug !== undefined) {
        // GitHub can only ask teams of the organisation that owns the repository.
        if (lower(name) !== org) continue;
        if (currentTeams.has(lower(slug))) askedElsewhere.push(member);
        else teams.set(key, slug);
        continue;
      }
      if (lower(name) === author || isBotLogin(name) || signed.has(lower(name))) continue;
      if (currentUsers.has(lower(name))) askedElsewhere.push(member);
      else users.set(key, name);
    }
  }

  const asked = [...users.keys(), ...teams.keys()];
  const request = asked.length > 0 ? { reviewers: [...users.values()], team_reviewers: [...teams.values()] } : null;
  const additions = [...new Set([...askedElsewhere.map(lower), ...asked])].filter((key) => !recorded.has(key));
  if (additions.length === 0) return { request, state: facts.state };
  return { request, state: { ...facts.state, reviewRequested: [...facts.state.reviewRequested, ...additions] } };
}

/** Sends the plan's request, if any, and returns the state to record. */
export async function applyReviewRequestPlan(github: GitHubClient, repo: RepoRef, pullNumber: number, plan: ReviewRequestPlan): Promise<PublicationState> {
  if (plan.request) {
    try {
      await github.rest.pulls.requestReviewers({ owner: repo.owner, repo: repo.repo, pull_number: pullNumber, ...plan.request });
    } catch (error) {
      // A member who is not a collaborator makes GitHub refuse the request. Asking again would
      // fail the same way on every evaluation, so they count as asked; the checklist still lists the role.
      if (!isUnprocessable(error)) throw error;
    }
  }
  return plan.state;
}

/** Plans, then asks: returns the state with everyone asked (or already asked by someone else) recorded. */
export async function ensureReviewRequests(github: GitHubClient, facts: ReviewRequestFacts): Promise<PublicationState> {
  return applyReviewRequestPlan(github, facts.repo, facts.pullNumber, planReviewRequests(facts));
}
