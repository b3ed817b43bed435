/** The one-line tally shown as the check-run title and at the top of the checklist. */
import type { Verdict } from '../evaluate/verdict.js';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function countsLine(verdict: Verdict): string {
  const counts = verdict.counts;
  const parts = [
    `${count(counts?.signoffs?.met)} of ${count(counts?.signoffs?.required)} sign-offs`,
    `${count(counts?.evidence?.met)} of ${count(counts?.evidence?.required)} evidence`,
  ];
  const waived = count(counts?.waived);
  const warnings = count(counts?.warnings);
  if (waived > 0) parts.push(`${waived} waived`);
  if (warnings > 0) parts.push(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  return parts.join(' · ');
}

/** Shown instead of the counts for a pull request the contract does not judge. */
export const OUT_OF_SCOPE_TITLE = 'No model or deployment paths changed';
