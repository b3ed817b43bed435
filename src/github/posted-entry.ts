/**
 * A comment, review or review comment as it stands on GitHub: what the
 * publishers read to find what the app wrote before and whom to answer. The
 * snapshot's ConversationEntry is one; publishing needs no more of it.
 */
export interface PostedEntry {
  /** `comment:<id>`, `review:<id>` or `review_comment:<id>`. */
  key: string;
  source: string;
  author: { login: string; type: string };
  body: string;
}
