/**
 * A defensive reading of a snapshot. Snapshots come from network data and
 * hand-built fixtures, so every field is checked before use; whatever is
 * malformed is read in the way that can never make the gate pass (an unreadable
 * file list is treated as incomplete, an odd evidence entry as unreadable).
 */
import { CONTRACT_PATH } from '../contract/location.js';
import type { EvidenceFileFact, Snapshot } from '../facts/snapshot.js';

export interface ChangeSet {
  /** Every name a changed file had: its path and, after a rename or copy, its previous path. */
  paths: string[];
  /** Paths whose content the pull request adds or updates (not removals). */
  updated: Set<string>;
  removed: Set<string>;
  /** The file list is cut or unreadable, so unseen files may have changed. */
  incomplete: boolean;
  /** The pull request visibly changes the contract file. */
  contractChanged: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownValue(record: unknown, key: string): unknown {
  return isRecord(record) && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function readChanges(snapshot: Snapshot): ChangeSet {
  const files: unknown = ownValue(snapshot, 'changedFiles');
  const listed = Array.isArray(files);
  const seen = new Set<string>();
  const updated = new Set<string>();
  const removed = new Set<string>();
  for (const file of listed ? (files as unknown[]) : []) {
    // Plain property reads: this loop runs for thousands of files, and a file
    // record has no prototype keys that these names could pick up.
    if (typeof file !== 'object' || file === null) continue;
    const { path, previousPath, status } = file as Record<string, unknown>;
    if (typeof path === 'string') {
      seen.add(path);
      if (status === 'removed') removed.add(path);
      else if (status !== 'unchanged') updated.add(path);
    }
    if (typeof previousPath === 'string') seen.add(previousPath);
  }
  const paths = [...seen];
  return {
    paths,
    updated,
    removed,
    // Anything but an explicit `false` could hide files, so it counts as cut.
    incomplete: !listed || ownValue(snapshot, 'changedFilesTruncated') !== false,
    contractChanged: seen.has(CONTRACT_PATH),
  };
}

export function readLabels(snapshot: Snapshot): Set<string> {
  const labels = ownValue(ownValue(snapshot, 'pull'), 'labels');
  return new Set(Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : []);
}

export function readHeadSha(snapshot: Snapshot): string {
  const sha = ownValue(ownValue(snapshot, 'pull'), 'headSha');
  return typeof sha === 'string' ? sha : '';
}

export function readEvidenceFile(snapshot: Snapshot, path: string): EvidenceFileFact {
  return readFileFact(ownValue(snapshot, 'evidence'), path);
}

/** A template read from the base branch; one the facts do not hold is absent, which is a problem, never a pass. */
export function readTemplateFile(snapshot: Snapshot, path: string): EvidenceFileFact {
  return readFileFact(ownValue(snapshot, 'templates'), path);
}

function readFileFact(files: unknown, path: string): EvidenceFileFact {
  const fact = ownValue(files, path);
  if (fact === undefined) return { state: 'absent' };
  const state = ownValue(fact, 'state');
  if (state === 'absent') return { state: 'absent' };
  if (state === 'unreadable') {
    const reason = ownValue(fact, 'reason');
    return { state: 'unreadable', reason: typeof reason === 'string' ? reason : 'no reason was given' };
  }
  const content = ownValue(fact, 'content');
  if (state === 'present' && typeof content === 'string') {
    const lastChangedAt = ownValue(fact, 'lastChangedAt');
    return typeof lastChangedAt === 'string' ? { state, content, lastChangedAt } : { state, content };
  }
  return { state: 'unreadable', reason: 'the facts about it are malformed' };
}

/** The check's conclusion, or undefined when it has not run on the head commit. */
export function readCheckConclusion(snapshot: Snapshot, name: string): string | undefined {
  const fact = ownValue(ownValue(snapshot, 'checks'), name);
  if (fact === undefined) return undefined;
  const conclusion = ownValue(fact, 'conclusion');
  return typeof conclusion === 'string' ? conclusion : 'unknown';
}
