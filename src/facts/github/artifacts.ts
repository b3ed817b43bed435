/**
 * The digests of the artifacts `digest_of` names, read at the pull request's
 * head commit. One request for a file of up to 1 MB (the contents API sends
 * it inline; model files in Git LFS are pointers of about 130 bytes); a larger
 * one is streamed from its blob and hashed on the way, never held whole, and
 * never beyond the cap.
 */
import { ARTIFACT_MAX_BYTES, artifactFromBytes, artifactFromChunks, tooLargeToHash } from '../artifact-digest.js';
import type { ArtifactFact } from '../snapshot.js';
import type { GitHubClient, RepoRef } from '../../github/client.js';
import { isNotFound, isTooLarge } from '../../github/http-status.js';

interface ContentFile {
  type: string;
  size: number;
  sha: string;
  content?: string;
  encoding?: string;
}

export async function readArtifacts(
  github: GitHubClient,
  repo: RepoRef,
  headSha: string,
  paths: readonly string[],
): Promise<Record<string, ArtifactFact>> {
  const entries = await Promise.all(paths.map(async (path): Promise<[string, ArtifactFact]> => [path, await readArtifact(github, repo, path, headSha)]));
  return Object.fromEntries(entries);
}

export async function readArtifact(github: GitHubClient, repo: RepoRef, path: string, headSha: string): Promise<ArtifactFact> {
  let data: unknown;
  try {
    // The object media type answers for files of up to 100 MB alike (content inline up to 1 MB, empty beyond) and a directory as one object.
    ({ data } = await github.rest.repos.getContent({ ...repo, path, ref: headSha, headers: { accept: 'application/vnd.github.object+json' } }));
  } catch (error) {
    if (isNotFound(error)) return { state: 'absent' };
    if (isTooLarge(error)) return tooLargeToHash(path);
    throw error;
  }
  if (Array.isArray(data) || (data as ContentFile).type !== 'file') return { state: 'unreadable', reason: `${path} is not a file` };
  const file = data as ContentFile;
  if (file.size > ARTIFACT_MAX_BYTES) return tooLargeToHash(path);
  if (file.encoding === 'base64' && typeof file.content === 'string') {
    const bytes = Buffer.from(file.content, 'base64');
    if (bytes.length === file.size) return artifactFromBytes(path, bytes);
  }
  // Beyond 1 MB the contents API sends no content ("encoding": "none"); the blob's raw bytes are streamed instead.
  const { data: body } = await github.rest.git.getBlob({
    ...repo,
    file_sha: file.sha,
    headers: { accept: 'application/vnd.github.raw+json' },
    request: { parseSuccessResponseBody: false },
  });
  const stream = body as unknown;
  if (!(stream instanceof ReadableStream)) return { state: 'unreadable', reason: `GitHub sent no content for ${path}` };
  return hashStream(path, stream as ReadableStream<Uint8Array>);
}

async function hashStream(path: string, stream: ReadableStream<Uint8Array>): Promise<ArtifactFact> {
  const reader = stream.getReader();
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  try {
    return await artifactFromChunks(path, chunks());
  } finally {
    // Stops the download when the cap cut it short; a no-op once the stream has ended.
    await reader.cancel().catch(() => undefined);
  }
}
