/** Evidence files read at the pull request's head commit. */
import type { EvidenceFileFact } from '../snapshot.js';
import { decodeEvidence, EVIDENCE_MAX_BYTES, tooLarge } from '../evidence-bytes.js';
import type { GitHubClient, RepoRef } from '../../github/client.js';
import { isNotFound } from '../../github/http-status.js';

interface ContentFile {
  type: string;
  size: number;
  content?: string;
  encoding?: string;
}

export async function readEvidenceFile(github: GitHubClient, repo: RepoRef, path: string, headSha: string): Promise<EvidenceFileFact> {
  let data: unknown;
  try {
    ({ data } = await github.rest.repos.getContent({ ...repo, path, ref: headSha }));
  } catch (error) {
    if (isNotFound(error)) return { state: 'absent' };
    throw error;
  }
  if (Array.isArray(data) || (data as ContentFile).type !== 'file') return { state: 'unreadable', reason: `${path} is not a file` };
  const file = data as ContentFile;
  if (file.size > EVIDENCE_MAX_BYTES || file.encoding !== 'base64') {
    return tooLarge(path);
  }
  return decodeEvidence(path, Buffer.from(file.content ?? '', 'base64'));
}

export async function lastChangedAt(github: GitHubClient, repo: RepoRef, path: string, headSha: string): Promise<string | undefined> {
  const { data } = await github.rest.repos.listCommits({ ...repo, sha: headSha, path, per_page: 1 });
  return data[0]?.commit.committer?.date ?? data[0]?.commit.author?.date ?? undefined;
}
