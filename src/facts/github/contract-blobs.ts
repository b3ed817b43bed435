/**
 * Blob SHAs of the files an inherited contract was merged from, for the audit
 * record. Probot's config plugin reads them in the raw media type, which
 * carries no SHA, so each file it found is asked for once more in the JSON
 * form (SHA and exact bytes), except the repository's own file, whose bytes
 * and SHA were already read. A file can change between the two reads: its SHA
 * is recorded only when the bytes behind it parse to exactly what was judged,
 * so the record never names a version that did not judge the pull request.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import type { GitHubClient } from '../../github/client.js';

/** One file of a contract, as the audit record names it; `sha` is null when it could not be established. */
export interface ContractFile {
  source: string;
  sha: string | null;
}

/** A file as Probot's `config.get` lists it: where it was read, and what it said (null when absent). */
export interface ConfigFile {
  owner: string;
  repo: string;
  path: string;
  url: string;
  config: Record<string, unknown> | null;
}

export interface KnownFile {
  owner: string;
  repo: string;
  path: string;
  ref: string;
  text: string;
  sha: string;
}

interface ContentFile {
  type?: string;
  sha?: string;
  content?: string;
  encoding?: string;
}

export async function contractFileBlobs(
  github: GitHubClient,
  files: readonly ConfigFile[],
  sourceOf: (file: ConfigFile) => string,
  known: KnownFile | null,
): Promise<ContractFile[]> {
  return Promise.all(
    files.map(async (file): Promise<ContractFile> => {
      const ref = new URL(file.url).searchParams.get('ref') ?? undefined;
      const read = sameFile(file, ref, known) ? known : await readBlob(github, file, ref);
      const sha = read !== null && judgedText(read.text, file.config) ? read.sha : null;
      return { source: sourceOf(file), sha };
    }),
  );
}

function sameFile(file: ConfigFile, ref: string | undefined, known: KnownFile | null): known is KnownFile {
  return (
    known !== null &&
    file.owner.toLowerCase() === known.owner.toLowerCase() &&
    file.repo.toLowerCase() === known.repo.toLowerCase() &&
    file.path === known.path &&
    ref === known.ref
  );
}

/** The SHA is only for the record: when GitHub cannot give it, it stays unknown rather than failing the check. */
async function readBlob(github: GitHubClient, file: ConfigFile, ref: string | undefined): Promise<{ text: string; sha: string } | null> {
  try {
    const { data } = await github.rest.repos.getContent({ owner: file.owner, repo: file.repo, path: file.path, ...(ref ? { ref } : {}) });
    const content = data as ContentFile;
    if (Array.isArray(data) || content.type !== 'file' || typeof content.sha !== 'string' || content.encoding !== 'base64') return null;
    return { text: Buffer.from(content.content ?? '', 'base64').toString('utf8'), sha: content.sha };
  } catch {
    return null;
  }
}

/** Whether `text` says what Probot judged: parsed as Probot parses it, ignoring the `_extends` it removes. */
function judgedText(text: string, judged: Record<string, unknown> | null): boolean {
  let parsed: unknown;
  try {
    parsed = parse(text, { logLevel: 'error' }) ?? {};
  } catch {
    return false;
  }
  return isDeepStrictEqual(withoutExtends(parsed), withoutExtends(judged));
}

function withoutExtends(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { _extends: _ignored, ...rest } = value as Record<string, unknown>;
  return rest;
}
