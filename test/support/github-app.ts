/**
 * Drives the real Probot app with GitHub's own example payloads while nock
 * plays GitHub: every request the app makes must be one a test expects.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import nock from 'nock';
import { afterEach, beforeEach } from '@jest/globals';
import { Probot } from 'probot';
import { pino } from 'pino';
import { readinessGate, type AppOptions } from '../../src/app/index.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { contentAnswer } from '../../src/testing/github-routes.js';
import { SimulatedGitHub } from '../../src/testing/simulated-github.js';
import type { WorkQueue } from '../../src/queue/work-queue.js';
import { sent, TestOctokit } from './recording-fetch.js';

export { sent } from './recording-fetch.js';

export const API = 'https://api.github.com';
export const APP_ID = 4242;
export const APP_SLUG = 'readiness-gate';
export const APP_LOGIN = `${APP_SLUG}[bot]`;

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, unknown>[] }[];

/** A deep copy of one of GitHub's example payloads that carries an installation (so Probot authenticates). */
export function examplePayload(event: string, action?: string): Record<string, any> {
  const found = examples
    .find((e) => e.name === event)
    ?.examples.find((x) => (action === undefined || x.action === action) && x.installation);
  if (!found) throw new Error(`no ${event}.${action} example with an installation`);
  return structuredClone(found) as Record<string, any>;
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

export const WEBHOOK_SECRET = 'test-webhook-secret';

/** A Probot instance without the app loaded (for tests of Probot's own webhook handling). */
/** Log lines the app wrote (at warning level and above), parsed. */
export const logged: Record<string, unknown>[] = [];

const capturingLog = pino(
  { level: 'warn' },
  { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) },
);

export function createProbotInstance(Octokit: typeof TestOctokit = TestOctokit): Probot {
  sent.length = 0;
  logged.length = 0;
  return new Probot({
    log: capturingLog,
    appId: APP_ID,
    privateKey,
    secret: WEBHOOK_SECRET,
    Octokit,
  });
}

const queues = new WeakMap<Probot, WorkQueue>();

/** `options` may replace anything, `now` included (a test of scheduling passes a clock that moves). */
export function createApp(
  now = new Date('2026-11-22T12:00:00Z'),
  Octokit: typeof TestOctokit = TestOctokit,
  queue: WorkQueue = new InProcessQueue(),
  options: Partial<AppOptions> = {},
): Probot {
  const probot = createProbotInstance(Octokit);
  queues.set(probot, queue);
  void probot.load(readinessGate({ now: () => now, queue, stateSecret: WEBHOOK_SECRET, ...options }));
  return probot;
}

/**
 * The hooks every app test needs: GitHub only through nock (loopback too when
 * a test runs servers of its own), the optional auth mocks, and clean-up.
 */
export function simulateGitHub(options: { loopback?: boolean } = {}): void {
  beforeEach(() => {
    nock.disableNetConnect();
    if (options.loopback) nock.enableNetConnect('127.0.0.1');
    mockAuth();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}

/** The token exchange and `GET /app` that any evaluation may need; optional so tests need not count them. */
export function mockAuth(): void {
  nock(API).persist().post(/\/app\/installations\/\d+\/access_tokens/).reply(201, { token: 'test-token', permissions: {} });
  nock(API).persist().get('/app').reply(200, { id: APP_ID, slug: APP_SLUG });
}

/** Delivers one webhook and waits until the work it queued has run. */
export async function deliver(probot: Probot, name: string, payload: Record<string, unknown>, id = 'delivery-1'): Promise<void> {
  await probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
  await queues.get(probot)?.idle();
}

export function contentResponse(path: string, text: string, sha = 'c0ffee'): Record<string, unknown> {
  return contentAnswer(path, text, sha);
}

/** A simulated GitHub (src/testing/) as the test app sees it: its id and slug, and the tests' fixed time on what it creates. */
export function simulatedGitHub(now = '2026-11-22T12:00:00Z'): SimulatedGitHub {
  return new SimulatedGitHub({ appId: APP_ID, appSlug: APP_SLUG, now: () => new Date(now) });
}
