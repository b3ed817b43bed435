/**
 * Gathers the snapshot of one pull request: everything the evaluator may know,
 * fetched once, with only the requests the contract makes necessary.
 */
import { parseCommands } from '../../commands/parse.js';
import type { Contract } from '../../contract/schema.js';
import { contractNeeds } from '../../contract/needs.js';
import type { ChangesSince, ConversationEntry, EvidenceFileFact, PullRequestFacts, Snapshot, TeamMembershipFact } from '../snapshot.js';
import type { GitHubClient, PullRef, RepoRef } from '../../github/client.js';
import { gitHubAnswer, isNotFound } from '../../github/http-status.js';
import type { HeadPeriod } from '../../github/head-clock.js';
import { pinCommentSignoffs } from './comment-pins.js';
import { readArtifacts } from './artifacts.js';
import { readConversation } from './conversation.js';
import { readChecks } from './checks.js';
import { lastChangedAt, readEvidenceFile } from './evidence.js';
import type { ChangedFiles } from './pull.js';

/** GitHub's compare lists at most this many files; a longer list cannot prove a sign-off still fresh. */
const COMPARE_FILE_LIMIT = 300;

export interface GatherOptions {
  /**
   * The app's record of this pull request's heads (kept in its own checklist
   * comment, which is part of the conversation), to pin sign-offs given in plain comments.
   */
  headClock: (conversation: readonly ConversationEntry[]) => HeadPeriod[];
}

export async function gatherSnapshot(
  github: GitHubClient,
  ref: PullRef,
  pull: PullRequestFacts,
  changed: ChangedFiles,
  contract: Contract,
  options: GatherOptions,
): Promise<Snapshot> {
  const repo: RepoRef = { owner: ref.owner, repo: ref.repo };
  const needs = contractNeeds(contract);
  const [evidence, artifacts, templates, checks, conversation] = await Promise.all([
    readEvidence(github, repo, pull.headSha, needs.evidenceFiles),
    readArtifacts(github, repo, pull.headSha, needs.artifacts),
    readTemplates(github, repo, pull.baseRef, needs.templates),
    needs.checks.length > 0 ? readChecks(github, repo, pull.headSha, needs.checks) : Promise.resolve({}),
    readConversation(github, ref).then((entries) => pinCommentSignoffs(entries, options.headClock(entries))),
  ]);
  const [teamMemberships, changesSince] = await Promise.all([
    readMemberships(github, contract, pull.author.login, conversation),
    readChangesSince(github, repo, pull.headSha, conversation),
  ]);
  return {
    pull,
    changedFiles: changed.files,
    changedFilesTruncated: changed.truncated,
    evidence,
    artifacts,
    ...(needs.templates.length > 0 ? { templates } : {}),
    checks,
    conversation,
    teamMemberships,
    changesSince,
  };
}

async function readEvidence(
  github: GitHubClient,
  repo: RepoRef,
  headSha: string,
  files: readonly { path: string; lastChange: boolean }[],
): Promise<Record<string, EvidenceFileFact>> {
  const entries = await Promise.all(
    files.map(async ({ path, lastChange }): Promise<[string, EvidenceFileFact]> => {
      const fact = await readEvidenceFile(github, repo, path, headSha);
      if (fact.state !== 'present' || !lastChange) return [path, fact];
      const changedAt = await lastChangedAt(github, repo, path, headSha);
      return [path, changedAt ? { ...fact, lastChangedAt: changedAt } : fact];
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Templates are read at the base branch, where the contract is read: the head
 * is the author's to edit, and a template edited there would make an untouched
 * card differ from it. A GitHub error is recorded, not thrown: the items that
 * name the template become gaps that say why, the rest is still judged.
 */
async function readTemplates(github: GitHubClient, repo: RepoRef, baseRef: string, paths: readonly string[]): Promise<Record<string, EvidenceFileFact>> {
  const entries = await Promise.all(
    paths.map(async (path): Promise<[string, EvidenceFileFact]> => {
      try {
        return [path, await readEvidenceFile(github, repo, path, baseRef)];
      } catch (error) {
        return [path, { state: 'unreadable', reason: gitHubAnswer(error) ?? 'GitHub could not be asked' }];
      }
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Team membership is asked only for people who claim a role through a team
 * (not for those listed by name, nor for the author, who cannot sign anyway),
 * one request per (team, person), so a large team costs nothing.
 */
async function readMemberships(
  github: GitHubClient,
  contract: Contract,
  author: string,
  conversation: readonly ConversationEntry[],
): Promise<TeamMembershipFact[]> {
  const membersOf = (role: string): string[] => (Object.hasOwn(contract.roles, role) ? (contract.roles[role] ?? []) : []);
  const teamsToAsk = (role: string, login: string): string[] => {
    const members = membersOf(role).map((m) => m.slice(1).toLowerCase());
    return members.includes(login) ? [] : members.filter((m) => m.includes('/'));
  };
  const authorCannotSign = !contract.signoff_policy.allow_author;
  const asks = new Map<string, { team: string; login: string }>();
  const allRoles = Object.keys(contract.roles);
  for (const entry of conversation) {
    const login = entry.author.login.toLowerCase();
    if (entry.author.type !== 'User' || (authorCannotSign && login === author.toLowerCase())) continue;
    // A "changes requested" review vetoes every role its author holds, so all their teams matter;
    // so may a dismissed one (the evaluator decides from the state it had). An edited body does not undo a veto.
    const claimed = entry.reviewState === 'CHANGES_REQUESTED' || entry.reviewState === 'DISMISSED' ? [...allRoles] : [];
    for (const command of entry.edited ? [] : parseCommands(entry.body)) {
      if (command.kind === 'signoff') claimed.push(...command.roles);
      if (command.kind === 'waive') claimed.push(...(contract.waivers?.approvers ?? []));
    }
    for (const team of claimed.flatMap((role) => teamsToAsk(role, login))) asks.set(`${team} ${login}`, { team, login });
  }
  return Promise.all(
    [...asks.values()].map(async ({ team, login }): Promise<TeamMembershipFact> => {
      const [org = '', slug = ''] = team.split('/');
      try {
        const { data } = await github.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
        return { team, login, active: data.state === 'active' };
      } catch (error) {
        if (isNotFound(error)) return { team, login, active: false };
        throw error;
      }
    }),
  );
}

async function readChangesSince(
  github: GitHubClient,
  repo: RepoRef,
  headSha: string,
  conversation: readonly ConversationEntry[],
): Promise<ChangesSince[]> {
  const shas = new Set<string>();
  for (const entry of conversation) {
    if (entry.commitSha && entry.commitSha !== headSha && parseCommands(entry.body).some((c) => c.kind === 'signoff')) {
      shas.add(entry.commitSha);
    }
  }
  return Promise.all(
    [...shas].sort().map(async (fromSha): Promise<ChangesSince> => {
      try {
        const { data } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${fromSha}...${headSha}`, per_page: 100 });
        const files = (data.files ?? []).flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
        // Whether the head descends from the sign-off commit is the evaluator's to judge (signoff-freshness.ts).
        const complete = (data.files?.length ?? 0) < COMPARE_FILE_LIMIT;
        return { fromSha, commits: data.commits.map((c) => c.sha), files, status: data.status, ...(complete ? {} : { unknown: true }) };
      } catch (error) {
        if (isNotFound(error)) return { fromSha, commits: [], files: [], unknown: true };
        throw error;
      }
    }),
  );
}
