/** The words and symbols the checklist uses for statuses: a symbol to scan, a word to read. */
import type { AreaStatus, Conclusion, EvidenceStatus, SignoffStatus } from '../evaluate/verdict.js';

const EVIDENCE: Record<EvidenceStatus, string> = {
  met: '✅ met',
  missing: '❌ missing',
  waived: '➖ waived',
  warning: '⚠️ warning',
  not_applicable: 'not applicable',
};

/** A sign-off that nobody has given yet is pending rather than "missing". */
const SIGNOFF: Record<SignoffStatus, string> = {
  met: '✅ met',
  missing: '⏳ pending',
  stale: '❌ stale',
  not_applicable: 'not applicable',
};

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

export const evidenceStatusLabel = (status: EvidenceStatus): string => EVIDENCE[status];
export const signoffStatusLabel = (status: SignoffStatus): string => SIGNOFF[status];
export const areaStatusLabel = (status: AreaStatus): string => AREA[status];
export const conclusionLabel = (conclusion: Conclusion): string => CONCLUSION[conclusion];
