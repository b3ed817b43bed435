/**
 * A closed or merged pull request is not judged any more. Closed without
 * merging, its verdict on its head is withdrawn (see retireCheck). Its open
 * gap issues are closed, which needs only the state kept in the app's
 * checklist comment, so no contract is loaded.
 */
import { readConversation } from '../facts/github/conversation.js';
import { pullFacts } from '../facts/github/pull.js';
import type { GitHubClient, PullRef, RepoRef } from '../github/client.js';
import { defaultBranchOf, type GitHubPull } from '../github/pull-object.js';
import { findOwnChecklist } from '../publish/checklist-comment.js';
import { readPublicationState } from '../publish/publication-state.js';
import { publishSettlement } from '../publish/publish-evaluation.js';
import { stateSeal } from '../publish/state-seal.js';
import { closedPullCheck } from '../render/not-judged.js';
import type { AppIdentity } from './identity.js';
import { retireCheck } from './retire-check.js';

/** Returns the other pull requests into the same base with this head, which must be judged again (none when merged). */
export async function settleClosedPull(github: GitHubClient, identity: AppIdentity, stateKey: Buffer, ref: PullRef, pull: GitHubPull): Promise<number[]> {
  const repo: RepoRef = { owner: ref.owner, repo: ref.repo };
  const facts = pullFacts(pull);
  const retirement = { number: ref.number, head: pull.head.sha, base: pull.base.ref, defaultBranch: defaultBranchOf(pull), content: closedPullCheck(ref.number) };
  const again = facts.merged ? [] : await retireCheck(github, repo, identity.id, retirement);
  const checklist = findOwnChecklist(await readConversation(github, ref, { commentsOnly: true }), identity.login);
  if (!checklist) return again;
  const seal = stateSeal(stateKey, ref);
  const state = readPublicationState(checklist.body, seal);
  if (!Object.values(state.gapIssues).some((issue) => issue.state === 'open')) return again;
  await publishSettlement(github, { ref, merged: facts.merged, author: facts.author.login, checklist, state, seal, appLogin: identity.login });
  return again;
}
