/** The words and symbols the checklist uses for statuses: a symbol to scan, a word to read. */
import type { AreaStatus, Conclusion, RequirementStatus } from '../evaluate/verdict.js';
import { inline } from './markdown.js';
import { text } from './tolerant.js';

const EVIDENCE: Record<RequirementStatus, string> = {
  met: '✅ met',
  missing: '❌ missing',
  stale: '❌ stale',
  waived: '➖ waived',
  warning: '⚠️ warning',
  not_applicable: 'not applicable',
};

/** A sign-off that nobody has given yet is pending rather than "missing". */
const SIGNOFF: Record<RequirementStatus, string> = { ...EVIDENCE, missing: '⏳ pending' };

const AREA: Record<AreaStatus, string> = {
  pass: '✅ pass',
  gap: '❌ gap',
  waived: '➖ waived',
  warning: '⚠️ warning',
  not_applicable: 'not applicable',
};

const CONCLUSION: Record<Conclusion, string> = {
  success: '✅ ready',
  failure: '❌ not ready',
  neutral: '⚠️ not ready (advisory: does not block merging)',
};

function lookup<K extends string>(table: Record<K, string>, key: unknown): string {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key as K] : `❓ ${inline(text(key))}`;
}

export const evidenceStatusLabel = (status: unknown): string => lookup(EVIDENCE, status);
export const signoffStatusLabel = (status: unknown): string => lookup(SIGNOFF, status);
export const areaStatusLabel = (status: unknown): string => lookup(AREA, status);
export const conclusionLabel = (conclusion: unknown): string => lookup(CONCLUSION, conclusion);

/** Statuses that count as a gap. */
export function isGap(status: unknown): boolean {
  return status === 'missing' || status === 'stale';
}
