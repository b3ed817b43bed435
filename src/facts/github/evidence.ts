/** Evidence files read at the pull request's head commit, and the checks that ran on it. */
import type { CheckFact, EvidenceFileFact } from '../snapshot.js';
import { decodeEvidence, EVIDENCE_MAX_BYTES, tooLarge } from '../evidence-bytes.js';
import { isNotFound, type GitHubClient, type RepoRef } from './client.js';

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

/**
 * Check runs and commit statuses with the given names on the head commit.
 * A check run wins over a status of the same name; the newest of each counts.
 */
export async function readChecks(github: GitHubClient, repo: RepoRef, headSha: string, names: readonly string[]): Promise<Record<string, CheckFact>> {
  const wanted = new Set(names);
  const [runs, combined] = await Promise.all([
    github.paginate(github.rest.checks.listForRef, { ...repo, ref: headSha, filter: 'latest', per_page: 100 }),
    github.rest.repos.getCombinedStatusForRef({ ...repo, ref: headSha, per_page: 100 }),
  ]);
  const checks: Record<string, CheckFact> = {};
  // The combined status already keeps only the latest status per context.
  for (const status of combined.data.statuses) {
    if (!wanted.has(status.context)) continue;
    checks[status.context] = { name: status.context, conclusion: statusConclusion(status.state) };
  }
  for (const run of runs) {
    if (!wanted.has(run.name)) continue;
    checks[run.name] = {
      name: run.name,
      conclusion: run.status !== 'completed' || run.conclusion === null ? 'pending' : run.conclusion,
    };
  }
  return checks;
}

function statusConclusion(state: string): CheckFact['conclusion'] {
  return state === 'success' || state === 'failure' || state === 'error' ? state : 'pending';
}
