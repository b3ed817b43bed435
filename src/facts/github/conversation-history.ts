/**
 * What the REST listings do not tell about a pull request conversation, asked
 * of GitHub's GraphQL API in one request, and only when it matters:
 *
 * - whether an entry that carries commands was edited. REST reviews carry no
 *   `updated_at` at all, and REST comment times have one-second resolution, so
 *   an edit within the second of creation looks unedited. GraphQL's
 *   `lastEditedAt` / `includesCreatedEdit` (on IssueComment, PullRequestReview
 *   and PullRequestReviewComment alike) know;
 * - what a dismissed review had been. REST shows it only as DISMISSED; the
 *   timeline's `ReviewDismissedEvent.previousReviewState` says whether it was a
 *   "changes requested" veto.
 *
 * Only the command-bearing entries are looked up (by node id), so a
 * conversation without commands and dismissals costs no request at all.
 * Whatever GitHub cannot answer counts as edited / unknown: the safe side.
 */
import type { ConversationEntry } from '../snapshot.js';
import type { GitHubClient, PullRef } from '../../github/client.js';

/** GitHub's `nodes(ids:)` takes at most this many ids. */
const NODES_PER_REQUEST = 100;
/** The most recent dismissals looked at; an older one counts as a dismissal of unknown state. */
const DISMISSALS = 100;

type DismissedState = NonNullable<ConversationEntry['dismissedState']>;
const DISMISSED_STATES: readonly string[] = ['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED'];

export interface ConversationHistory {
  /** Node ids that GitHub confirmed were never edited. Any other looked-up id counts as edited. */
  unedited: Set<string>;
  /** REST review id → its state before it was dismissed. */
  dismissedStates: Map<number, DismissedState>;
}

interface EditNode {
  id?: string;
  lastEditedAt?: string | null;
  includesCreatedEdit?: boolean;
}

interface HistoryAnswer {
  nodes?: (EditNode | null)[];
  repository?: {
    pullRequest?: {
      timelineItems?: { nodes?: ({ previousReviewState?: string; review?: { databaseId?: number | null } | null } | null)[] };
    } | null;
  } | null;
}

const EDITS = `nodes(ids: $ids) { ... on Comment { id lastEditedAt includesCreatedEdit } }`;
const DISMISSED = `repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      timelineItems(itemTypes: [REVIEW_DISMISSED_EVENT], last: ${DISMISSALS}) {
        nodes { ... on ReviewDismissedEvent { previousReviewState review { databaseId } } }
      }
    }
  }`;

export async function readConversationHistory(
  github: GitHubClient,
  ref: PullRef,
  nodeIds: readonly string[],
  withDismissals: boolean,
): Promise<ConversationHistory> {
  const history: ConversationHistory = { unedited: new Set(), dismissedStates: new Map() };
  const batches: string[][] = [];
  for (let i = 0; i < nodeIds.length; i += NODES_PER_REQUEST) batches.push(nodeIds.slice(i, i + NODES_PER_REQUEST));
  if (batches.length === 0 && withDismissals) batches.push([]);
  for (const [index, ids] of batches.entries()) {
    const dismissals = withDismissals && index === 0;
    const parts = [...(ids.length > 0 ? [EDITS] : []), ...(dismissals ? [DISMISSED] : [])];
    const variables = [...(ids.length > 0 ? ['$ids: [ID!]!'] : []), ...(dismissals ? ['$owner: String!', '$repo: String!', '$number: Int!'] : [])];
    const query = `query(${variables.join(', ')}) {\n  ${parts.join('\n  ')}\n}`;
    const answer = await ask(github, query, {
      ...(ids.length > 0 ? { ids } : {}),
      ...(dismissals ? { owner: ref.owner, repo: ref.repo, number: ref.number } : {}),
    });
    for (const node of answer.nodes ?? []) {
      if (node?.id && (node.lastEditedAt ?? null) === null && node.includesCreatedEdit === false) history.unedited.add(node.id);
    }
    for (const event of answer.repository?.pullRequest?.timelineItems?.nodes ?? []) {
      const id = event?.review?.databaseId;
      const state = event?.previousReviewState;
      if (typeof id === 'number' && state !== undefined && DISMISSED_STATES.includes(state)) history.dismissedStates.set(id, state as DismissedState);
    }
  }
  return history;
}

/** GraphQL answers a node it cannot resolve with null and an error beside the data: the data still counts. */
async function ask(github: GitHubClient, query: string, variables: Record<string, unknown>): Promise<HistoryAnswer> {
  try {
    return await github.graphql<HistoryAnswer>(query, variables);
  } catch (error) {
    const partial = (error as { name?: unknown; data?: unknown }) ?? {};
    if (partial.name === 'GraphqlResponseError' && typeof partial.data === 'object' && partial.data !== null) return partial.data as HistoryAnswer;
    throw error;
  }
}
