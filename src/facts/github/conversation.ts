/** Comments, reviews and review comments of a pull request: where sign-offs are given. */
import type { ConversationEntry } from '../snapshot.js';
import type { GitHubClient, PullRef } from './client.js';
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
  // An issue comment does not record the head it was written at.
  for (const c of comments) entries.push(commentEntry('comment', c, null));
  for (const r of reviews) {
    if (r.state === 'PENDING' || !r.submitted_at) continue; // a draft review is visible to its author only
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
  for (const c of reviewComments) entries.push(commentEntry('review_comment', c, c.original_commit_id ?? c.commit_id ?? null));
  return entries;
}

interface GitHubComment {
  id: number;
  body?: string | null;
  user: { login: string; type?: string } | null;
  created_at: string;
  updated_at: string;
}

function commentEntry(source: 'comment' | 'review_comment', c: GitHubComment, commitSha: string | null): ConversationEntry {
  return {
    key: `${source}:${c.id}`,
    source,
    author: { login: c.user?.login ?? 'ghost', type: actorType(c.user?.type) },
    body: c.body ?? '',
    createdAt: c.created_at,
    // Someone other than the author may have edited it: an edited comment carries no commands.
    edited: c.updated_at !== c.created_at,
    commitSha,
  };
}
