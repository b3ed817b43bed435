/**
 * A Snapshot of a local checkout, for `readiness-gate check`. It judges the
 * working tree as if it were the pull request head (its own contract, when
 * changed, is the proposed one), with what cannot be known offline left
 * empty: no labels but those given with `--label`, no checks
 * (items that need one are reported missing), no conversation and so no
 * sign-offs (shown as pending), and the author `local`.
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { proposedContractNeed } from '../evaluate/fact-needs.js';
import { ARTIFACT_MAX_BYTES, artifactFromChunks, tooLargeToHash } from '../facts/artifact-digest.js';
import { decodeEvidence, EVIDENCE_MAX_BYTES, tooLarge } from '../facts/evidence-bytes.js';
import type { ArtifactFact, EvidenceFileFact, Snapshot } from '../facts/snapshot.js';
import { workingTreeChanges } from './changed-files.js';
import { git, runGit } from './git.js';

/** The same size limit as evidence read from GitHub. */

export interface EvidenceNeed {
  path: string;
  lastChange: boolean;
}

export interface LocalSnapshotOptions {
  /** The repository's top-level directory. */
  root: string;
  /** The commit the branch is compared with (the merge base). */
  mergeBase: string;
  /** The base as the user named it, for the record. */
  baseRef: string;
  labels: string[];
  evidenceFiles: EvidenceNeed[];
  /** Files that `digest_of` names, hashed as they are in the working tree. */
  artifacts?: string[];
  /** The commit the contract was read from: templates are read there too, never from the working tree. */
  contractCommit: string;
  templates: string[];
  now: Date;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Reads an evidence file from the working tree. The path is resolved through
 * every symbolic link first, so neither `..` nor a linked directory can lead
 * out of the repository.
 */
export async function readLocalEvidence(root: string, path: string): Promise<EvidenceFileFact> {
  try {
    const real = await realpath(resolve(root, path));
    if (!inside(await realpath(root), real)) return { state: 'unreadable', reason: `${path} is outside the repository` };
    const stats = await stat(real);
    if (!stats.isFile()) return { state: 'unreadable', reason: `${path} is not a file` };
    if (stats.size > EVIDENCE_MAX_BYTES) {
      return tooLarge(path);
    }
    return decodeEvidence(path, await readFile(real));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'absent' };
    return { state: 'unreadable', reason: `${path} could not be read (${code ?? 'unknown error'})` };
  }
}

/**
 * Hashes an artifact in the working tree, within the repository as evidence
 * is. A file that Git LFS has fetched is hashed as it is, which gives the
 * pointer's oid; one it has not is the pointer itself, whose oid is read.
 */
export async function readLocalArtifact(root: string, path: string): Promise<ArtifactFact> {
  try {
    const real = await realpath(resolve(root, path));
    if (!inside(await realpath(root), real)) return { state: 'unreadable', reason: `${path} is outside the repository` };
    const stats = await stat(real);
    if (!stats.isFile()) return { state: 'unreadable', reason: `${path} is not a file` };
    if (stats.size > ARTIFACT_MAX_BYTES) return tooLargeToHash(path);
    return await artifactFromChunks(path, createReadStream(real) as AsyncIterable<Buffer>);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'absent' };
    return { state: 'unreadable', reason: `${path} could not be read (${code ?? 'unknown error'})` };
  }
}

/**
 * Reads a template from a commit, as the app reads it from the base branch.
 * Only a regular file counts: a symbolic link or a directory is unreadable.
 */
export async function readCommittedFile(root: string, commit: string, path: string): Promise<EvidenceFileFact> {
  const listed = await runGit(root, ['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', commit, '--', path]);
  if (!listed.ok) return { state: 'unreadable', reason: `${path} could not be read from ${commit}: ${listed.stderr}` };
  const entry = listed.stdout.toString('utf8').split('\0').find((line) => line.endsWith(`\t${path}`));
  if (entry === undefined) return { state: 'absent' };
  const [mode = '', type = '', oid = ''] = entry.slice(0, entry.indexOf('\t')).split(' ');
  if (type !== 'blob' || mode === '120000') return { state: 'unreadable', reason: `${path} is not a file` };
  const size = Number((await git(root, ['cat-file', '-s', oid])).trim());
  if (size > EVIDENCE_MAX_BYTES) return tooLarge(path);
  const blob = await runGit(root, ['cat-file', 'blob', oid]);
  if (!blob.ok) return { state: 'unreadable', reason: `${path} could not be read: ${blob.stderr}` };
  return decodeEvidence(path, blob.stdout);
}

/**
 * When a file was last changed: now, if the working tree changes it (it will be
 * committed with this change), otherwise the date of the last commit touching it.
 */
async function lastChangedAt(root: string, path: string, uncommitted: Set<string>, now: Date): Promise<string | undefined> {
  if (uncommitted.has(path)) return now.toISOString();
  const date = (await git(root, ['log', '-1', '--format=%cI', 'HEAD', '--', path])).trim();
  return date || undefined;
}

export async function localSnapshot(options: LocalSnapshotOptions): Promise<Snapshot> {
  const { root, mergeBase, now } = options;
  const [headSha, changes] = await Promise.all([
    git(root, ['rev-parse', '--verify', 'HEAD']).then((sha) => sha.trim()),
    workingTreeChanges(root, mergeBase),
  ]);
  const evidence: Record<string, EvidenceFileFact> = {};
  for (const need of options.evidenceFiles) {
    const fact = await readLocalEvidence(root, need.path);
    if (fact.state === 'present' && need.lastChange) {
      const changedAt = await lastChangedAt(root, need.path, changes.uncommitted, now);
      evidence[need.path] = changedAt ? { ...fact, lastChangedAt: changedAt } : fact;
    } else {
      evidence[need.path] = fact;
    }
  }
  const artifacts: Record<string, ArtifactFact> = {};
  for (const path of options.artifacts ?? []) artifacts[path] = await readLocalArtifact(root, path);
  const templates: Record<string, EvidenceFileFact> = {};
  for (const path of options.templates) templates[path] = await readCommittedFile(root, options.contractCommit, path);
  // The working tree's own contract, as the app reads the pull request head's.
  const proposedPath = proposedContractNeed(changes.changedFiles);
  const proposedContract = proposedPath === null ? undefined : await readLocalEvidence(root, proposedPath);
  return {
    pull: {
      number: 0,
      author: { login: 'local', type: 'User' },
      headSha,
      baseRef: options.baseRef,
      labels: [...options.labels],
      state: 'open',
      merged: false,
    },
    changedFiles: changes.changedFiles,
    changedFilesTruncated: false,
    evidence,
    artifacts,
    ...(options.templates.length > 0 ? { templates } : {}),
    ...(proposedContract ? { proposedContract } : {}),
    checks: {},
    conversation: [],
    teamMemberships: [],
    changesSince: [],
  };
}
