/** The one-line tally shown as the check-run title and at the top of the checklist. */
import type { Verdict } from '../evaluate/verdict.js';

export function countsLine(verdict: Verdict): string {
  const { signoffs, evidence, waived, warnings } = verdict.counts;
  const parts = [`${signoffs.met} of ${signoffs.required} sign-offs`, `${evidence.met} of ${evidence.required} evidence`];
  if (waived > 0) parts.push(`${waived} waived`);
  if (warnings > 0) parts.push(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  return parts.join(' · ');
}

/** Shown instead of the counts for a pull request the contract does not judge. */
export const OUT_OF_SCOPE_TITLE = 'No model or deployment paths changed';
