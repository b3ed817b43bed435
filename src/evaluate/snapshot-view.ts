/**
 * How the evaluator reads a snapshot. The snapshot is typed data built by the
 * gatherers, so it is trusted; what this module adds are the rules for what a
 * snapshot does not hold: a file the facts lack is absent (a problem, never a
 * pass), a digest that was not gathered never matches, a check nobody reported
 * has not run. Keys are looked up as own properties, because a path such as
 * `constructor` is a valid file name.
 */
import { CONTRACT_PATH } from '../contract/location.js';
import type { ArtifactFact, CheckObservation, EvidenceFileFact, Snapshot } from '../facts/snapshot.js';

export interface ChangeSet {
  /** Every name a changed file had: its path and, after a rename or copy, its previous path. */
  paths: string[];
  /** Paths whose content the pull request adds or updates (not removals). */
  updated: Set<string>;
  removed: Set<string>;
  /** The file list is cut, so unseen files may have changed. */
  incomplete: boolean;
  /** The pull request visibly changes the contract file. */
  contractChanged: boolean;
}

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The changed files as a snapshot holds them; scope needs nothing else (scope.ts). */
export type ChangedFileList = Pick<Snapshot, 'changedFiles' | 'changedFilesTruncated'>;

export function readChanges(snapshot: ChangedFileList): ChangeSet {
  const seen = new Set<string>();
  const updated = new Set<string>();
  const removed = new Set<string>();
  for (const { path, previousPath, status } of snapshot.changedFiles) {
    seen.add(path);
    if (status === 'removed') removed.add(path);
    else if (status !== 'unchanged') updated.add(path);
    if (previousPath !== undefined) seen.add(previousPath);
  }
  return {
    paths: [...seen],
    updated,
    removed,
    incomplete: snapshot.changedFilesTruncated,
    contractChanged: seen.has(CONTRACT_PATH),
  };
}

export function readEvidenceFile(snapshot: Snapshot, path: string): EvidenceFileFact {
  return own(snapshot.evidence, path) ?? { state: 'absent' };
}

/** A template read from the base branch; one the facts do not hold is absent, which is a problem, never a pass. */
export function readTemplateFile(snapshot: Snapshot, path: string): EvidenceFileFact {
  return own(snapshot.templates, path) ?? { state: 'absent' };
}

/** An artifact's digest; one that was not gathered can never match. */
export function readArtifact(snapshot: Snapshot, path: string): ArtifactFact {
  return own(snapshot.artifacts, path) ?? { state: 'unreadable', reason: `the digest of ${path} was not gathered` };
}

/** Every report of a check name on the head commit (none: it has not run). */
export function readCheckObservations(snapshot: Snapshot, name: string): CheckObservation[] {
  return own(snapshot.checks, name)?.observations ?? [];
}

/** The head's contract when the pull request proposes one; one the facts do not hold was not gathered and never passes. */
export function readProposedContract(snapshot: Snapshot): EvidenceFileFact {
  return snapshot.proposedContract ?? { state: 'unreadable', reason: 'the proposed contract was not gathered' };
}
