/**
 * Turning the bytes of an artifact (a model file a report speaks of) into the
 * digest a `digest_of` constraint compares with, the same way whether they
 * come from GitHub or from a local checkout. The bytes are hashed as they
 * arrive, so a large model never has to be held in memory, and reading stops
 * at a cap so no file can make the app read without bound.
 */
import { createHash } from 'node:crypto';
import type { ArtifactFact } from './snapshot.js';

/** GitHub keeps no larger blob in a repository (bigger files must be in Git LFS), so nothing real is refused. */
export const ARTIFACT_MAX_BYTES = 100 * 1024 * 1024;

/** Git LFS never reads a blob of this size or more as a pointer (its `blobSizeCutoff`). */
export const LFS_POINTER_MAX_BYTES = 1024;

const LFS_VERSION_LINE = 'version https://git-lfs.github.com/spec/v1';
const LFS_OID = /^oid sha256:([0-9a-f]{64})$/;
const LFS_SIZE = /^size (0|[1-9]\d*)$/;
/** Git LFS pointer lines are `key value`, keys of lower-case letters, digits, `.` and `-`. */
const LFS_LINE = /^[a-z0-9.-]+ [^\r\n]+$/;

const MIB = 1024 * 1024;

export function tooLargeToHash(path: string, maxBytes: number = ARTIFACT_MAX_BYTES): ArtifactFact {
  const limit = maxBytes % MIB === 0 ? `${maxBytes / MIB} MiB` : `${maxBytes} bytes`;
  return { state: 'unreadable', reason: `${path} is too large to hash (more than ${limit})` };
}

type PointerReading = { oid: string; line: number } | { malformed: string } | undefined;

/**
 * Reads the bytes as a Git LFS pointer (git-lfs docs/spec.md): undefined when
 * they are not one. Bytes that begin with the pointer's version line but break
 * its format are neither a model nor a pointer, so they are refused rather
 * than hashed as if they were the artifact.
 */
export function readLfsPointer(bytes: Uint8Array): PointerReading {
  if (bytes.length >= LFS_POINTER_MAX_BYTES) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  if (lines[0] !== LFS_VERSION_LINE) return undefined;
  if (lines[lines.length - 1] === '') lines.pop();
  let oid: { oid: string; line: number } | undefined;
  let size = false;
  for (const [index, line] of lines.entries()) {
    if (!LFS_LINE.test(line)) return { malformed: `line ${index + 1} is not a "key value" line` };
    const key = line.slice(0, line.indexOf(' '));
    if (key === 'oid') {
      const match = LFS_OID.exec(line);
      if (!match?.[1]) return { malformed: `its oid (line ${index + 1}) is not "oid sha256:" and 64 lower-case hex digits` };
      if (oid) return { malformed: `it names an oid twice (lines ${oid.line} and ${index + 1})` };
      oid = { oid: match[1], line: index + 1 };
    }
    if (key === 'size') {
      if (!LFS_SIZE.test(line)) return { malformed: `its size (line ${index + 1}) is not a whole number` };
      size = true;
    }
  }
  if (!oid) return { malformed: 'it has no oid line' };
  if (!size) return { malformed: 'it has no size line' };
  return oid;
}

/** Hashes a stream of bytes, stopping (and saying so) once it exceeds the cap. */
export async function artifactFromChunks(
  path: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes: number = ARTIFACT_MAX_BYTES,
): Promise<ArtifactFact> {
  const hash = createHash('sha256');
  // Only a small file can be a pointer, so only the first bytes are kept.
  const head: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > maxBytes) return tooLargeToHash(path, maxBytes);
    if (total <= LFS_POINTER_MAX_BYTES) head.push(chunk);
    hash.update(chunk);
  }
  const sha256 = hash.digest('hex');
  const pointer = total < LFS_POINTER_MAX_BYTES ? readLfsPointer(Buffer.concat(head)) : undefined;
  if (pointer === undefined) return { state: 'present', sha256 };
  if ('malformed' in pointer) return { state: 'unreadable', reason: `${path} looks like a Git LFS pointer, but ${pointer.malformed}` };
  return { state: 'present', sha256, lfsPointer: pointer };
}

export function artifactFromBytes(path: string, bytes: Uint8Array): Promise<ArtifactFact> {
  return artifactFromChunks(path, [bytes]);
}
