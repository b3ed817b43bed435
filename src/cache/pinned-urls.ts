/**
 * Which GitHub answers can never change: those whose URL names immutable git
 * objects by full SHA. Only the URL counts, never what the caller believes
 * (a branch name, even one that looks like a SHA prefix, moves; a pull
 * request's `/files` follow its branch, so only the compare between two SHAs
 * is pinned). Anything not matched here may change and is revalidated with
 * GitHub instead (conditional requests).
 */

/** A full commit or object id, as GitHub writes it (lower case, 40 hex digits). */
const SHA = '[0-9a-f]{40}';
/** `/repos/{owner}/{repo}` on github.com, or under `/api/v3` on GitHub Enterprise Server. */
const REPO = '^(?:/api/v3)?/repos/[^/]+/[^/]+';

/** Paths that name objects by SHA, whatever the query says. */
const PINNED_BY_PATH: readonly RegExp[] = [
  new RegExp(`${REPO}/git/(?:blobs|trees|commits)/${SHA}$`),
  // Two-dot and three-dot compares alike: both ends are commits, so is their merge base.
  new RegExp(`${REPO}/compare/${SHA}\\.\\.\\.?${SHA}$`),
  // One commit (its files and stats), not `/commits/{sha}/check-runs`, `/status` or `/pulls`, which change.
  new RegExp(`${REPO}/commits/${SHA}$`),
];

/** Paths pinned only by a query parameter that must be a full SHA. */
const PINNED_BY_QUERY: readonly { path: RegExp; parameter: string }[] = [
  { path: new RegExp(`${REPO}/contents(?:/.*)?$`), parameter: 'ref' },
  // The history reachable from one commit (the date a file last changed there).
  { path: new RegExp(`${REPO}/commits$`), parameter: 'sha' },
];

const FULL_SHA = new RegExp(`^${SHA}$`);

/** True when a GET of `url` (absolute) can only ever get the same answer. */
export function isPinned(url: string): boolean {
  const { pathname, searchParams } = new URL(url);
  if (PINNED_BY_PATH.some((pattern) => pattern.test(pathname))) return true;
  return PINNED_BY_QUERY.some(({ path, parameter }) => {
    const values = searchParams.getAll(parameter);
    return path.test(pathname) && values.length === 1 && FULL_SHA.test(values[0] ?? '');
  });
}

/**
 * A 404 at a pinned URL is lasting only when it says the *file* is missing at
 * a commit GitHub has ("Not Found" for contents). A 404 that says the commit
 * or object itself is unknown may be a push GitHub has not finished taking in,
 * so it is asked again next time.
 */
export function isLastingNotFound(url: string, message: unknown): boolean {
  const { pathname } = new URL(url);
  return new RegExp(`${REPO}/contents(?:/.*)?$`).test(pathname) && message === 'Not Found';
}
