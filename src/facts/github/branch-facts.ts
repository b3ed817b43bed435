/**
 * The facts of the default branch's head for the dashboard, read with the
 * pull-request gatherers (evidence, artifacts, templates, checks) at one
 * commit: the branch is resolved to its head SHA once, so every file and check
 * belongs to the same commit even if someone pushes meanwhile. Only the items
 * judged on a branch are read (branchContractNeeds).
 */
import type { Contract } from '../../contract/schema.js';
import { branchContractNeeds, type BranchFacts } from '../../evaluate/branch-head.js';
import { readArtifacts } from './artifacts.js';
import { readChecks } from './checks.js';
import type { GitHubClient, RepoRef } from '../../github/client.js';
import { readEvidence, readTemplates } from './gather.js';

/** The SHA the branch points at now. */
export async function branchHead(github: GitHubClient, repo: RepoRef, branch: string): Promise<string> {
  const { data } = await github.rest.repos.getBranch({ ...repo, branch });
  return data.commit.sha;
}

export async function gatherBranchFacts(github: GitHubClient, repo: RepoRef, branch: string, headSha: string, contract: Contract): Promise<BranchFacts> {
  const needs = branchContractNeeds(contract);
  const [evidence, artifacts, templates, checks] = await Promise.all([
    readEvidence(github, repo, headSha, needs.evidenceFiles),
    readArtifacts(github, repo, headSha, needs.artifacts),
    // The contract is read from this branch too, so its templates come from the same commit.
    readTemplates(github, repo, headSha, needs.templates),
    needs.checks.length > 0 ? readChecks(github, repo, headSha, needs.checks) : Promise.resolve({}),
  ]);
  return { branch, headSha, evidence, artifacts, ...(needs.templates.length > 0 ? { templates } : {}), checks };
}
