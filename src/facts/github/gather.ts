/**
 * Gathers the snapshot of one pull request: everything the evaluator may know,
 * fetched once, with only the requests the contract makes necessary. What is
 * necessary is decided by evaluate/fact-needs.ts, from the judge's own rules;
 * this file only fulfils it.
 */
import type { Contract } from '../../contract/schema.js';
import { contractNeeds, conversationNeeds, pinNeeds, proposedContractNeed, type MembershipQuestion } from '../../evaluate/fact-needs.js';
import type { ChangesSince, ConversationEntry, EvidenceFileFact, PullRequestFacts, Snapshot, TeamMembershipFact } from '../snapshot.js';
import type { GitHubClient, PullRef, RepoRef } from '../../github/client.js';
import { gitHubAnswer, isNotFound } from '../../github/http-status.js';
import type { HeadPeriod } from '../../github/head-clock.js';
import { pinCommentSignoffs } from './comment-pins.js';
import { readArtifacts } from './artifacts.js';
import { readConversation } from './conversation.js';
import { readChecks } from './checks.js';
import { lastChangedAt, readEvidenceFile } from './evidence.js';
import { COMPARE_FILE_LIMIT, type ChangedFiles } from './pull.js';

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
    readConversation(github, ref).then((entries) => pinCommentSignoffs(entries, options.headClock(entries), pinNeeds(contract, pull, entries))),
  ]);
  const asked = conversationNeeds(contract, pull, conversation);
  const [teamMemberships, changesSince] = await Promise.all([
    readMemberships(github, asked.memberships),
    readChangesSince(github, repo, pull.headSha, asked.comparisons),
  ]);
  const proposedPath = proposedContractNeed(changed.files);
  const proposedContract = proposedPath === null ? undefined : await readEvidenceFile(github, repo, proposedPath, pull.headSha);
  return {
    pull,
    changedFiles: changed.files,
    changedFilesTruncated: changed.truncated,
    evidence,
    artifacts,
    ...(needs.templates.length > 0 ? { templates } : {}),
    ...(proposedContract ? { proposedContract } : {}),
    checks,
    conversation,
    teamMemberships,
    changesSince,
  };
}

export async function readEvidence(
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
 * Templates are read at the base branch, where the contract is read (for the
 * dashboard: the default branch, which is both): the head
 * is the author's to edit, and a template edited there would make an untouched
 * card differ from it. A GitHub error is recorded, not thrown: the items that
 * name the template become gaps that say why, the rest is still judged.
 */
export async function readTemplates(github: GitHubClient, repo: RepoRef, baseRef: string, paths: readonly string[]): Promise<Record<string, EvidenceFileFact>> {
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

/** One request per (team, person), so a large team costs nothing; a 404 means not a member. */
async function readMemberships(github: GitHubClient, questions: readonly MembershipQuestion[]): Promise<TeamMembershipFact[]> {
  return Promise.all(
    questions.map(async ({ team, login }): Promise<TeamMembershipFact> => {
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

async function readChangesSince(github: GitHubClient, repo: RepoRef, headSha: string, fromShas: readonly string[]): Promise<ChangesSince[]> {
  return Promise.all(
    fromShas.map(async (fromSha): Promise<ChangesSince> => {
      try {
        const { data } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${fromSha}...${headSha}`, per_page: 100 });
        const files = (data.files ?? []).flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
        // Whether the head descends from the sign-off commit is the evaluator's to judge (signoff-freshness.ts).
        // A list as long as GitHub's limit may have been cut, and cannot prove a sign-off still fresh.
        const complete = (data.files?.length ?? 0) < COMPARE_FILE_LIMIT;
        return { fromSha, commits: data.commits.map((c) => c.sha), files, status: data.status, ...(complete ? {} : { unknown: true }) };
      } catch (error) {
        if (isNotFound(error)) return { fromSha, commits: [], files: [], unknown: true };
        throw error;
      }
    }),
  );
}
