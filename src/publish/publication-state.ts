/**
 * What the app has already published for a pull request beyond the checklist
 * itself: which gap issue belongs to which evidence item, who was already
 * asked for a review, and when each head became current (the head clock of
 * github/head-clock.ts). It lives in one hidden line of the app's own
 * checklist comment, so it survives restarts and needs no database, and it is
 * read back on every evaluation instead of being kept in memory. The line is
 * signed (state-seal.ts): a line that does not verify is read as no state.
 */
import { z } from 'zod';
import { EVIDENCE_ID } from '../contract/schema.js';
import type { HeadPeriod } from '../github/head-clock.js';
import { ANY_STATE_LINE, SIGNED_STATE_LINE, STATE_LINE_END, STATE_LINE_START } from '../github/markers.js';
import type { StateSeal } from './state-seal.js';

export interface GapIssueRecord {
  number: number;
  state: 'open' | 'closed';
}

export interface PublicationState {
  /** Evidence id → its gap issue. */
  gapIssues: Record<string, GapIssueRecord>;
  /** `@login` or `@org/slug`, each asked for a review once. */
  reviewRequested: string[];
  /** This pull request's heads, oldest first, each from the moment the app first evaluated it as the head. */
  heads: HeadPeriod[];
}

// Each part falls back on its own, so a damaged list of reviewers does not lose the issue numbers.
// Keys must be evidence ids: that also keeps `__proto__` and friends out of the record.
const stateSchema = z.object({
  gapIssues: z
    .record(z.string().regex(EVIDENCE_ID), z.object({ number: z.number().int().positive(), state: z.enum(['open', 'closed']) }))
    .catch({}),
  reviewRequested: z.array(z.string().min(2).max(200)).max(1000).catch([]),
  heads: z
    .array(z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/), since: z.iso.datetime() }))
    .max(1000)
    .catch([]),
});

export function emptyPublicationState(): PublicationState {
  return { gapIssues: {}, reviewRequested: [], heads: [] };
}

/**
 * The state in a checklist comment; an empty state when there is none, it
 * cannot be read, or its signature does not verify for this pull request.
 * The last state line is the one read: the app appends its own at the end,
 * so a look-alike quoted earlier in the comment cannot override it, and one
 * added after it does not verify.
 */
export function readPublicationState(commentBody: string | null, seal: StateSeal): PublicationState {
  if (typeof commentBody !== 'string') return emptyPublicationState();
  const last = [...commentBody.matchAll(ANY_STATE_LINE)].at(-1)?.[0];
  const [, json, signature] = last === undefined ? [] : (new RegExp(SIGNED_STATE_LINE.source).exec(last) ?? []);
  if (json === undefined || signature === undefined || !seal.verify(json, signature)) return emptyPublicationState();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return emptyPublicationState();
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) return emptyPublicationState();
  return {
    gapIssues: Object.fromEntries(
      Object.entries(parsed.data.gapIssues).map(([id, record]) => [id, { number: record.number, state: record.state }]),
    ),
    reviewRequested: [...new Set(parsed.data.reviewRequested)],
    heads: [...parsed.data.heads].sort((a, b) => Date.parse(a.since) - Date.parse(b.since)),
  };
}

/** The same comment body with its state line replaced (or added), the rest untouched. */
export function replacePublicationState(commentBody: string, state: PublicationState, seal: StateSeal): string {
  const line = writePublicationState(state, seal);
  const kept = commentBody.replace(ANY_STATE_LINE, '').trimEnd();
  return `${kept}\n${line}`;
}

/**
 * One hidden, signed line holding the state. The same state always gives the
 * same line (sorted keys and lists), so the comment is only edited when the
 * state really changed.
 */
export function writePublicationState(state: PublicationState, seal: StateSeal): string {
  const gapIssues: Record<string, GapIssueRecord> = {};
  for (const id of Object.keys(state.gapIssues).sort()) {
    const record = state.gapIssues[id];
    if (record) gapIssues[id] = { number: record.number, state: record.state };
  }
  const heads = [...state.heads].sort((a, b) => Date.parse(a.since) - Date.parse(b.since)).map(({ sha, since }) => ({ sha, since }));
  const json = JSON.stringify({ gapIssues, reviewRequested: [...new Set(state.reviewRequested)].sort(), heads });
  // `--` may only appear inside JSON strings (logins such as `a--b`), where `\u002d` means the same.
  const text = json.replace(/--/g, '-\\u002d');
  return `${STATE_LINE_START}${text} ${seal.sign(text)}${STATE_LINE_END}`;
}
