/**
 * Serves a SimulatedGitHub (src/testing/) to the app under test through nock,
 * as often as asked. A request the simulation does not cover (a repository,
 * pull request or read-only fact it was not given) falls through to the test's
 * own interceptors, and fails if there is none (net connect is off).
 * GraphQL gets an interceptor of its own path, so that a test can replace it
 * (`nock.removeInterceptor`) with an answer of its own.
 */
import nock from 'nock';
import { routeRequest } from '../../src/testing/github-routes.js';
import type { SimulatedGitHub } from '../../src/testing/simulated-github.js';

const API = 'https://api.github.com';
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;

const GRAPHQL = '/graphql';

export function serveWithNock(github: SimulatedGitHub): void {
  const reply = (method: string) => (path: string, body: nock.Body): nock.ReplyFnResult => {
    const answer = routeRequest(github, method, path, API)?.(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
    if (!answer) return [500, { message: `the simulation stopped covering ${method} ${path}` }];
    return [answer.status, answer.data as nock.Body, answer.headers ?? {}];
  };
  nock(API).persist().post(GRAPHQL).reply(reply('POST'));
  for (const method of METHODS) {
    nock(API)
      .persist()
      .intercept((path) => path !== GRAPHQL && routeRequest(github, method, path) !== undefined, method)
      .reply(reply(method));
  }
}
