/**
 * Turning the bytes of an evidence file into a fact, the same way whether
 * they came from GitHub or from a local checkout.
 */
import type { EvidenceFileFact } from './snapshot.js';

/** Larger evidence is not judged: a model card or report of a megabyte is not meant for people. */
export const EVIDENCE_MAX_BYTES = 1024 * 1024;

export function tooLarge(path: string): EvidenceFileFact {
  return { state: 'unreadable', reason: `${path} is larger than ${EVIDENCE_MAX_BYTES / 1024} KiB` };
}

/** Binary or non-UTF-8 evidence cannot be read by people either; say so rather than judge garbage. */
export function decodeEvidence(path: string, bytes: Uint8Array): EvidenceFileFact {
  if (bytes.includes(0)) return { state: 'unreadable', reason: `${path} is a binary file` };
  try {
    return { state: 'present', content: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { state: 'unreadable', reason: `${path} is not valid UTF-8 text` };
  }
}
