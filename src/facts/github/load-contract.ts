/**
 * Loads the contract that judges a pull request: always from the base branch,
 * never from the pull request's head, so a change cannot weaken its own gate.
 */
import { LineCounter, parseDocument } from 'yaml';
import { CONTRACT_FILE_NAME, CONTRACT_PATH } from '../../contract/location.js';
import { parseContract, validateContract, type ContractParseResult } from '../../contract/parse.js';
import type { GitHubClient, RepoRef } from '../../github/client.js';
import { gitHubAnswer, isNotFound } from '../../github/http-status.js';
import { contractFileBlobs, type ConfigFile, type ContractFile } from './contract-blobs.js';

export type ContractLoad =
  /** No contract anywhere (repository, `_extends`, organisation `.github`): the app stays silent. */
  | { kind: 'none' }
  /** GitHub could not be asked: never reported as success. */
  | { kind: 'unavailable'; message: string }
  | {
      kind: 'loaded';
      /** Blob SHA of the repository's own contract file, for the audit record (null when inherited). */
      sha: string | null;
      /** Where the contract came from, for messages: `owner/repo:.github/readiness.yml@main`, plus inherited files. */
      sources: string[];
      /** Each file the contract was read from, with its blob SHA, for the audit record (inherited files first overridden by the repository's own). */
      files: ContractFile[];
      result: ContractParseResult;
      /** The contract itself says `gaps: { issues: true }` (defaults cannot tell; advisory contracts file issues only then). */
      gapsExplicit: boolean;
    };

interface ContentFile {
  type: string;
  sha: string;
  content?: string;
  encoding?: string;
}

export async function loadContract(github: GitHubClient, repo: RepoRef, baseRef: string): Promise<ContractLoad> {
  const source = `${repo.owner}/${repo.repo}:${CONTRACT_PATH}@${baseRef}`;
  let file: ContentFile | null;
  try {
    const response = await github.rest.repos.getContent({ ...repo, path: CONTRACT_PATH, ref: baseRef });
    const data = response.data as unknown;
    file = !Array.isArray(data) && (data as ContentFile).type === 'file' ? (data as ContentFile) : null;
  } catch (error) {
    if (!isNotFound(error)) return unavailable(error);
    file = null;
  }

  if (file === null) return loadInherited(github, repo, baseRef, null);

  const text = Buffer.from(file.content ?? '', (file.encoding as BufferEncoding | undefined) === 'base64' ? 'base64' : 'utf8').toString('utf8');
  const result = parseContract(text);
  if (result.extendsFrom !== undefined) return loadInherited(github, repo, baseRef, { text, sha: file.sha });
  const files = [{ source, sha: file.sha }];
  return { kind: 'loaded', sha: file.sha, sources: [source], files, result, gapsExplicit: result.ok && asksForGapIssues(parseDocument(text).toJS({ maxAliasCount: 100 })) };
}

/**
 * `_extends` chains and the organisation-wide `.github` repository are
 * resolved by Probot's config plugin; the repository's own file (when there is
 * one) overrides inherited top-level keys, as Probot's convention has it.
 */
async function loadInherited(
  github: GitHubClient,
  repo: RepoRef,
  baseRef: string,
  local: { text: string; sha: string } | null,
): Promise<ContractLoad> {
  let loaded: Awaited<ReturnType<GitHubClient['config']['get']>>;
  try {
    loaded = await github.config.get({ ...repo, path: CONTRACT_PATH, branch: baseRef });
  } catch (error) {
    return unavailable(error);
  }
  const found = loaded.files.filter((f) => f.config !== null);
  if (found.length === 0) return { kind: 'none' };
  const sourceOf = (f: ConfigFile) => `${f.owner}/${f.repo}:${f.path}`;
  const sources = found.map(sourceOf);
  const known = local ? { ...repo, path: CONTRACT_PATH, ref: baseRef, ...local } : null;
  const files = await contractFileBlobs(github, found as ConfigFile[], sourceOf, known);
  const result = validateContract(loaded.config, local ? positionsIn(local.text) : undefined);
  return { kind: 'loaded', sha: local?.sha ?? null, sources, files, result, gapsExplicit: asksForGapIssues(loaded.config) };
}

function asksForGapIssues(raw: unknown): boolean {
  const gaps = (raw as { gaps?: { issues?: unknown } } | null)?.gaps;
  return gaps?.issues === true;
}

/** Errors in a merged contract are pointed at the repository's own file where the key is written there. */
function positionsIn(text: string): (path: (string | number)[]) => { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (path) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (!node?.range) return undefined;
    const position = lineCounter.linePos(node.range[0]);
    return { line: position.line, column: position.col };
  };
}

function unavailable(error: unknown): ContractLoad {
  const message = error instanceof Error ? error.message : String(error);
  const answer = gitHubAnswer(error);
  return { kind: 'unavailable', message: `could not load ${CONTRACT_FILE_NAME}${answer ? ` (${answer})` : ''}: ${message}` };
}
