/**
 * How the app reads a failed GitHub request. Octokit throws a RequestError
 * whose `status` is GitHub's HTTP answer; anything else thrown (a timeout, a
 * bug) has none. Every caller asks here, so "not found", "gone" and the
 * other answers that are not failures mean the same everywhere.
 */

/** GitHub's HTTP status of a failed request, or undefined when the error is no HTTP answer. */
export function statusOf(error: unknown): number | undefined {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub answers a missing file or object with 404; everything else is a real failure. */
export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** A deleted issue answers 410, a transferred or hidden one 404: either way it is no longer there to manage. */
export function isGone(error: unknown): boolean {
  const status = statusOf(error);
  return status === 404 || status === 410;
}

/** 422: GitHub understood the request and refused it (a label that exists already, a reviewer who is no collaborator). */
export function isUnprocessable(error: unknown): boolean {
  return statusOf(error) === 422;
}

/** 403 or 404 to a listing the app may not be allowed to see (a permission the installation lacks answers either way). */
export function isNotPermitted(error: unknown): boolean {
  const status = statusOf(error);
  return status === 403 || status === 404;
}

/** GitHub refuses the contents of a file over 100 MB with 403 and the error code `too_large`. */
export function isTooLarge(error: unknown): boolean {
  if (statusOf(error) !== 403) return false;
  const errors = (error as { response?: { data?: { errors?: unknown } } }).response?.data?.errors;
  return Array.isArray(errors) && errors.some((e) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'too_large');
}

/** `GitHub answered 502`, for messages; undefined for an error that is no HTTP answer. */
export function gitHubAnswer(error: unknown): string | undefined {
  const status = statusOf(error);
  return status === undefined ? undefined : `GitHub answered ${status}`;
}

/** A failed GitHub request as messages may name it: the answer, the method and the path (no host, query or headers). */
export interface FailedRequest {
  answer: string;
  method: string | undefined;
  path: string;
}

/**
 * The request an Octokit error names, or undefined for an error that is no
 * HTTP answer to a known URL. Only the path is kept: the query may carry
 * parameters, the headers the token.
 */
export function failedRequest(error: unknown): FailedRequest | undefined {
  const answer = gitHubAnswer(error);
  const request = (error as { request?: { method?: string; url?: string } } | null)?.request;
  if (answer === undefined || !request?.url) return undefined;
  return { answer, method: request.method, path: request.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '' };
}
