/**
 * What the app has already published for a pull request beyond the checklist
 * itself: which gap issue belongs to which evidence item, and who was already
 * asked for a review. It lives in one hidden line of the app's own checklist
 * comment, so it survives restarts and needs no database, and it is read back
 * on every evaluation instead of being kept in memory.
 */
import { z } from 'zod';
import { EVIDENCE_ID } from '../contract/schema.js';

export interface GapIssueRecord {
  number: number;
  state: 'open' | 'closed';
}

export interface PublicationState {
  /** Evidence id → its gap issue. */
  gapIssues: Record<string, GapIssueRecord>;
  /** `@login` or `@org/slug`, each asked for a review once. */
  reviewRequested: string[];
}

const STATE_PREFIX = '<!-- readiness-gate:state ';
const STATE_SUFFIX = ' -->';
/** The JSON sits on one line, so the lazy match cannot run past its own closing `-->`. */
const STATE_LINE = /<!-- readiness-gate:state (\{.*?\}) -->/g;

// Each part falls back on its own, so a damaged list of reviewers does not lose the issue numbers.
// Keys must be evidence ids: that also keeps `__proto__` and friends out of the record.
const stateSchema = z.object({
  gapIssues: z
    .record(z.string().regex(EVIDENCE_ID), z.object({ number: z.number().int().positive(), state: z.enum(['open', 'closed']) }))
    .catch({}),
  reviewRequested: z.array(z.string().min(2).max(200)).max(1000).catch([]),
});

export function emptyPublicationState(): PublicationState {
  return { gapIssues: {}, reviewRequested: [] };
}

/**
 * The state in a checklist comment; an empty state when there is none or it
 * cannot be read. The last state line wins: the app appends its own at the
 * end, so a look-alike quoted earlier in the comment cannot override it.
 */
export function readPublicationState(commentBody: string | null): PublicationState {
  if (typeof commentBody !== 'string') return emptyPublicationState();
  const json = [...commentBody.matchAll(STATE_LINE)].at(-1)?.[1];
  if (json === undefined) return emptyPublicationState();
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
  };
}

/**
 * One hidden line holding the state. The same state always gives the same
 * line (sorted keys and lists), so the comment is only edited when the state
 * really changed.
 */
/** The same comment body with its state line replaced (or added), the rest untouched. */
export function replacePublicationState(commentBody: string, state: PublicationState): string {
  const line = writePublicationState(state);
  const kept = commentBody.replace(STATE_LINE, '').trimEnd();
  return `${kept}\n${line}`;
}

export function writePublicationState(state: PublicationState): string {
  const gapIssues: Record<string, GapIssueRecord> = {};
  for (const id of Object.keys(state.gapIssues).sort()) {
    const record = state.gapIssues[id];
    if (record) gapIssues[id] = { number: record.number, state: record.state };
  }
  const json = JSON.stringify({ gapIssues, reviewRequested: [...new Set(state.reviewRequested)].sort() });
  // `--` may only appear inside JSON strings (logins such as `a--b`), where `\u002d` means the same.
  return `${STATE_PREFIX}${json.replace(/--/g, '-\\u002d')}${STATE_SUFFIX}`;
}
