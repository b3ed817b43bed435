/**
 * Records every request the app sends, at the fetch layer (below Octokit,
 * above nock), so tests can assert the exact sequence and bodies.
 */
import { ProbotOctokit } from 'probot';
import type { GitHubClient } from '../../src/github/client.js';

export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
}

export const sent: RecordedRequest[] = [];

export const recordingFetch: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  let body: unknown = init?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // not JSON: keep the text
    }
  }
  sent.push({ method: init?.method ?? 'GET', path: decodeURIComponent(url.pathname + url.search), body });
  return fetch(input, init);
};

/**
 * Probot's Octokit with retries and throttling off (function form: the object
 * form does not switch throttling off, Probot issue #2039), recording requests.
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  request: { ...(options.request as object), fetch: recordingFetch },
  retry: { enabled: false },
  throttle: { enabled: false },
}));

/** An installation-style client authenticated with a plain token. */
export function testClient(): GitHubClient {
  return new TestOctokit({ auth: { token: 'x' } }) as unknown as GitHubClient;
}
