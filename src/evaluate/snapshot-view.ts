/**
 * A defensive reading of a snapshot. Snapshots come from network data and
 * hand-built fixtures, so every field is checked before use; whatever is
 * malformed is read in the way that can never make the gate pass (an unreadable
 * file list is treated as incomplete, an odd evidence entry as unreadable).
 */
import { CONTRACT_PATH } from '../contract/location.js';
import type { ArtifactFact, CheckConclusion, CheckObservation, EvidenceFileFact, Snapshot, WorkflowFact } from '../facts/snapshot.js';

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

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** An artifact's digest; an entry that is missing or malformed can never match one. */
export function readArtifact(snapshot: Snapshot, path: string): ArtifactFact {
  const fact = ownValue(ownValue(snapshot, 'artifacts'), path);
  if (fact === undefined) return { state: 'unreadable', reason: `the digest of ${path} was not gathered` };
  const state = ownValue(fact, 'state');
  if (state === 'absent') return { state: 'absent' };
  if (state === 'unreadable') {
    const reason = ownValue(fact, 'reason');
    return { state: 'unreadable', reason: typeof reason === 'string' ? reason : 'no reason was given' };
  }
  const sha256 = ownValue(fact, 'sha256');
  const pointer = ownValue(fact, 'lfsPointer');
  const oid = ownValue(pointer, 'oid');
  const line = ownValue(pointer, 'line');
  if (state === 'present' && typeof sha256 === 'string' && SHA256_HEX.test(sha256)) {
    if (pointer === undefined) return { state, sha256 };
    if (typeof oid === 'string' && SHA256_HEX.test(oid) && typeof line === 'number') return { state, sha256, lfsPointer: { oid, line } };
  }
  return { state: 'unreadable', reason: 'the facts about it are malformed' };
}

/** Every report of a check name on the head commit; a malformed one keeps what it says, and an unknown conclusion never passes. */
export function readCheckObservations(snapshot: Snapshot, name: string): CheckObservation[] {
  const observations = ownValue(ownValue(ownValue(snapshot, 'checks'), name), 'observations');
  if (!Array.isArray(observations)) return [];
  return (observations as unknown[]).map((entry): CheckObservation => {
    const given = ownValue(entry, 'conclusion');
    const conclusion = (typeof given === 'string' ? given : 'unknown') as CheckConclusion;
    if (ownValue(entry, 'kind') === 'status') {
      const login = ownValue(ownValue(entry, 'creator'), 'login');
      const type = ownValue(ownValue(entry, 'creator'), 'type');
      const creator = typeof login === 'string' ? { login, type: type === 'Bot' || type === 'Organization' ? type : 'User' } as const : null;
      return { kind: 'status', creator, conclusion };
    }
    const app = ownValue(entry, 'app');
    const observation: CheckObservation = { kind: 'check_run', app: typeof app === 'string' ? app : '', conclusion };
    const workflow = ownValue(entry, 'workflow');
    if (workflow !== undefined) observation.workflow = readWorkflow(workflow);
    return observation;
  });
}

function readWorkflow(workflow: unknown): WorkflowFact {
  const file = ownValue(workflow, 'file');
  const calls = ownValue(workflow, 'calls');
  if (typeof file === 'string' && Array.isArray(calls) && calls.every((c) => typeof c === 'string')) return { file, calls: calls as string[] };
  const reason = ownValue(workflow, 'reason');
  return { file: null, reason: typeof reason === 'string' ? reason : 'the facts about it are malformed' };
}
