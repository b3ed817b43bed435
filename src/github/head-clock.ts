/**
 * The app's own clock of a pull request's heads: each time the head changed,
 * the moment the app first evaluated the new head. The author can backdate
 * commits, but not this record, which the app keeps signed in the hidden
 * state of its checklist comment (publish/publication-state.ts) and which
 * pins sign-offs given in plain comments to a commit (facts/github/comment-pins.ts).
 */

/** From `since` on, this pull request's head was `sha` (until the next period). */
export interface HeadPeriod {
  sha: string;
  /** ISO time the app first evaluated `sha` as this pull request's head, on its own clock. */
  since: string;
}

/** The record keeps this many latest head changes; a comment older than all of them pins to nothing. */
export const MAX_HEAD_PERIODS = 50;

/** The record with `sha` as the current head: a new period from `now` when the head changed. */
export function recordHead(periods: readonly HeadPeriod[], sha: string, now: Date): HeadPeriod[] {
  const ordered = [...periods].sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
  if (ordered.at(-1)?.sha === sha) return ordered;
  return [...ordered, { sha, since: now.toISOString() }].slice(-MAX_HEAD_PERIODS);
}
