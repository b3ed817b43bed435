/**
 * Keeps one current `readiness` check run on a commit: created when there is
 * none, updated when its result changes, left alone when it would not change.
 */
import type { GitHubClient, RepoRef } from '../github/client.js';
import { withoutEvaluationTime } from '../render/audit-record.js';
import type { Annotation } from '../render/check-run.js';
import type { ExistingCheckRun } from '../github/readiness-check.js';

/** GitHub accepts at most this many annotations per create or update request. */
const ANNOTATIONS_PER_REQUEST = 50;

export interface DesiredCheckRun {
  headSha: string;
  /** `readiness` or `readiness (<base>)`: see checkNameFor. */
  name: string;
  conclusion: 'success' | 'failure' | 'neutral';
  output: { title: string; summary: string; text: string; annotations: Annotation[] };
  /** The check's "Details" link: the app's page for the pull request (web/details-url.ts); none without a public URL. */
  detailsUrl?: string;
}

/** The same result (the moment it was evaluated aside: see withoutEvaluationTime). */
export function isSameCheckRun(existing: ExistingCheckRun, desired: DesiredCheckRun): boolean {
  return (
    existing.status === 'completed' &&
    existing.conclusion === desired.conclusion &&
    (desired.detailsUrl === undefined || existing.detailsUrl === desired.detailsUrl) &&
    existing.output.title === desired.output.title &&
    existing.output.summary === desired.output.summary &&
    withoutEvaluationTime(existing.output.text ?? '') === withoutEvaluationTime(desired.output.text)
  );
}

/**
 * Writes the check run. `existing` is the current run when the caller looked
 * it up (then an identical one is left alone); `undefined` means "not looked
 * up", which always creates.
 */
export async function ensureCheckRun(
  github: GitHubClient,
  repo: RepoRef,
  desired: DesiredCheckRun,
  existing: ExistingCheckRun | null | undefined,
): Promise<'created' | 'updated' | 'unchanged'> {
  if (existing && isSameCheckRun(existing, desired)) return 'unchanged';
  const [first = [], ...rest] = chunks(desired.output.annotations, ANNOTATIONS_PER_REQUEST);
  const body = {
    ...repo,
    status: 'completed' as const,
    conclusion: desired.conclusion,
    ...(desired.detailsUrl ? { details_url: desired.detailsUrl } : {}),
    output: { title: desired.output.title, summary: desired.output.summary, text: desired.output.text, annotations: first },
  };
  let id: number;
  if (existing) {
    await github.rest.checks.update({ ...body, check_run_id: existing.id });
    id = existing.id;
  } else {
    ({ data: { id } } = await github.rest.checks.create({ ...body, name: desired.name, head_sha: desired.headSha }));
  }
  // Further annotations are appended by updates; the output must be repeated with each.
  for (const annotations of rest) {
    await github.rest.checks.update({ ...repo, check_run_id: id, output: { title: desired.output.title, summary: desired.output.summary, annotations } });
  }
  return existing ? 'updated' : 'created';
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
