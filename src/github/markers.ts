/**
 * The hidden HTML comments by which the app finds again what it wrote on
 * GitHub: its checklist comment, the state line in it, its gap issues and its
 * replies to refused commands. Anyone can paste a marker, so a marker alone
 * never makes a comment the app's own: callers also check the author (and the
 * state line its signature).
 */
import type { RepoRef } from './client.js';

const PREFIX = '<!-- readiness-gate:';
const SUFFIX = ' -->';

/** Marks the app's one checklist comment on a pull request. */
export const CHECKLIST_MARKER = `${PREFIX}checklist${SUFFIX}`;

/** The state line is `STATE_LINE_START<json> <signature>STATE_LINE_END`; see publish/publication-state.ts. */
export const STATE_LINE_START = `${PREFIX}state `;
export const STATE_LINE_END = SUFFIX;
/**
 * A signed state line. The JSON sits on one line and never contains `-->` (see
 * writePublicationState), so the lazy match cannot run past its own closing;
 * the signature follows it.
 */
export const SIGNED_STATE_LINE = new RegExp(`${literal(STATE_LINE_START)}(\\{.*?\\}) ([0-9a-f]{64})${literal(STATE_LINE_END)}`, 'g');
/** Any state line, signed or not: all are replaced when the app writes its own. */
export const ANY_STATE_LINE = new RegExp(`${literal(STATE_LINE_START)}.*?${literal(STATE_LINE_END)}`, 'g');

/** The hidden line that identifies the issue of one evidence item of one pull request. */
export function gapIssueKey(repo: RepoRef, pullNumber: number, evidenceId: string): string {
  return `${GAP_PREFIX}${repo.owner}/${repo.repo}#${pullNumber} ${evidenceId}${SUFFIX}`;
}

/**
 * The hidden line of a default-branch gap: a key of its own, so neither kind
 * adopts the other's issue. Git allows `>` and `-` in branch names, so the
 * name is encoded and cannot close the comment.
 */
export function branchGapIssueKey(repo: RepoRef, branch: string, evidenceId: string): string {
  return `${BRANCH_GAP_PREFIX}${repo.owner}/${repo.repo}@${encodeURIComponent(branch)} ${evidenceId}${SUFFIX}`;
}

/** How every gap issue's hidden key begins, for a pull request's gap and for a branch's. */
export const GAP_PREFIX = `${PREFIX}gap `;
export const BRANCH_GAP_PREFIX = `${PREFIX}branch-gap `;

/** Marks the app's one dashboard issue of a repository. */
export const DASHBOARD_MARKER = `${PREFIX}dashboard${SUFFIX}`;

/** Marks the app's reply to the refused commands of one conversation entry (`comment:<id>`, …). */
export function replyMarker(entryKey: string): string {
  return `${PREFIX}reply ${entryKey}${SUFFIX}`;
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
