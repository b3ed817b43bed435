/**
 * For tests of the publish layer on its own: one repository of a simulated
 * GitHub (src/testing/), served by nock, and a client that records every
 * request it sends (at the fetch layer, below Octokit, above nock).
 */
import { SimulatedGitHub, type SimulatedRepository } from '../../src/testing/simulated-github.js';
import { sent } from './recording-fetch.js';
import { serveWithNock } from './simulated-github-nock.js';

export const API = 'https://api.github.com';
export const OWNER = 'acme';
export const REPO_NAME = 'models';
export const REPO = `/repos/${OWNER}/${REPO_NAME}`;
export const APP_LOGIN = 'readiness-gate[bot]';

export { sent, testClient as client } from './recording-fetch.js';

/** `METHOD path` of every request sent so far. */
export function calls(): string[] {
  return sent.map((r) => `${r.method} ${r.path}`);
}

export function bodiesOf(method: string, path: string): any[] {
  return sent.filter((r) => r.method === method && r.path === path).map((r) => r.body);
}

/** The repository acme/models of a fresh simulated GitHub, already served. */
export function simulatedRepository(): SimulatedRepository {
  const github = new SimulatedGitHub({ appSlug: APP_LOGIN.replace(/\[bot\]$/, '') });
  serveWithNock(github);
  return github.repository(OWNER, REPO_NAME);
}
