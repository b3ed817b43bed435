/**
 * GitHub's GraphQL answers to the app's questions about a conversation
 * (facts/github/conversation-history.ts): every node id asked for is reported
 * as GitHub would, unedited unless the history says otherwise, and a pull
 * request's review dismissals when they are asked for.
 */
import type { Dismissal, EditHistory } from './simulated-github.js';

export function answerConversationHistory(
  body: unknown,
  history: EditHistory,
  dismissalsOf: (owner: string, repo: string, number: number) => readonly Dismissal[],
): { data: Record<string, unknown> } {
  const { query = '', variables = {} } = (body ?? {}) as { query?: string; variables?: { ids?: string[]; owner?: string; repo?: string; number?: number } };
  const data: Record<string, unknown> = {};
  if (variables.ids) {
    data.nodes = variables.ids.map((id) => ({ id, lastEditedAt: history.edits[id] ?? null, includesCreatedEdit: history.createdEdits.includes(id) }));
  }
  if (query.includes('REVIEW_DISMISSED_EVENT')) {
    const dismissals = dismissalsOf(variables.owner ?? '', variables.repo ?? '', variables.number ?? 0);
    data.repository = {
      pullRequest: { timelineItems: { nodes: dismissals.map((d) => ({ previousReviewState: d.previousReviewState, review: { databaseId: d.reviewId } })) } },
    };
  }
  return { data };
}
