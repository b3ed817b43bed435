/** Comments, reviews and review comments of a pull request: where sign-offs are given. */
import { historyNeeds } from '../../evaluate/fact-needs.js';
import type { ConversationEntry } from '../snapshot.js';
import type { GitHubClient, PullRef } from '../../github/client.js';
import { readConversationHistory } from './conversation-history.js';
import { actorType } from './pull.js';

type ReviewState = NonNullable<ConversationEntry['reviewState']>;
const REVIEW_STATES: readonly string[] = ['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING'];

/** `commentsOnly`: just the pull request's conversation comments (enough to find the app's own checklist). */
export async function readConversation(github: GitHubClient, ref: PullRef, options: { commentsOnly?: boolean } = {}): Promise<ConversationEntry[]> {
  const params = { owner: ref.owner, repo: ref.repo, per_page: 100 };
  const [comments, reviews, reviewComments] = await Promise.all([
    github.paginate(github.rest.issues.listComments, { ...params, issue_number: ref.number }),
    options.commentsOnly ? [] : github.paginate(github.rest.pulls.listReviews, { ...params, pull_number: ref.number }),
    options.commentsOnly ? [] : github.paginate(github.rest.pulls.listReviewComments, { ...params, pull_number: ref.number }),
  ]);
  const entries: ConversationEntry[] = [];
  /** Entry key → GraphQL node id, to ask whether it was edited. */
  const nodeIds = new Map<string, string | undefined>();
  // An issue comment does not record the head it was written at.
  for (const c of comments) entries.push(commentEntry('comment', c, null, nodeIds));
  for (const r of reviews) {
    if (r.state === 'PENDING' || !r.submitted_at) continue; // a draft review is visible to its author only
    nodeIds.set(`review:${r.id}`, r.node_id);
    entries.push({
      key: `review:${r.id}`,
      source: 'review',
      author: { login: r.user?.login ?? 'ghost', type: actorType(r.user?.type) },
      body: r.body ?? '',
      createdAt: r.submitted_at,
      edited: false,
      commitSha: r.commit_id ?? null,
      reviewState: REVIEW_STATES.includes(r.state) ? (r.state as ReviewState) : 'COMMENTED',
    });
  }
  for (const c of reviewComments) entries.push(commentEntry('review_comment', c, c.original_commit_id ?? c.commit_id ?? null, nodeIds));
  return options.commentsOnly ? entries : withHistory(github, ref, entries, nodeIds);
}

/**
 * Marks every entry whose edit state the judge reads (evaluate/fact-needs.ts
 * historyNeeds) and that GitHub does not confirm unedited as edited (reviews
 * included, whose REST form cannot tell), and gives dismissed reviews the
 * state they had.
 */
async function withHistory(github: GitHubClient, ref: PullRef, entries: ConversationEntry[], nodeIds: Map<string, string | undefined>): Promise<ConversationEntry[]> {
  const needs = historyNeeds(entries);
  const askedKeys = new Set(needs.editsOf);
  const ids = [...new Set(needs.editsOf.flatMap((key) => nodeIds.get(key) ?? []))];
  const dismissed = needs.dismissedStates;
  if (ids.length === 0 && !dismissed) return askedKeys.size === 0 ? entries : entries.map((e) => (askedKeys.has(e.key) ? { ...e, edited: true } : e));
  const history = await readConversationHistory(github, ref, ids, dismissed);
  return entries.map((entry) => {
    let judged = entry;
    const id = nodeIds.get(entry.key);
    if (askedKeys.has(entry.key) && (id === undefined || !history.unedited.has(id))) judged = { ...judged, edited: true };
    const state = entry.reviewState === 'DISMISSED' ? history.dismissedStates.get(Number(entry.key.slice('review:'.length))) : undefined;
    return state ? { ...judged, dismissedState: state } : judged;
  });
}

interface GitHubComment {
  id: number;
  node_id?: string;
  body?: string | null;
  user: { login: string; type?: string } | null;
  created_at: string;
  updated_at: string;
}

function commentEntry(
  source: 'comment' | 'review_comment',
  c: GitHubComment,
  commitSha: string | null,
  nodeIds: Map<string, string | undefined>,
): ConversationEntry {
  nodeIds.set(`${source}:${c.id}`, c.node_id);
  return {
    key: `${source}:${c.id}`,
    source,
    author: { login: c.user?.login ?? 'ghost', type: actorType(c.user?.type) },
    body: c.body ?? '',
    createdAt: c.created_at,
    // Someone other than the author may have edited it: an edited comment carries no commands.
    // Times have one-second resolution, so an edit within that second is found by withHistory.
    edited: c.updated_at !== c.created_at,
    commitSha,
  };
}
