import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { readinessGate } from '../../src/app/index.js';
import { Metrics } from '../../src/ops/metrics.js';
import { operationsRoutes } from '../../src/ops/routes.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import type { WorkQueue } from '../../src/queue/work-queue.js';
import { API, createProbotInstance, simulateGitHub } from '../support/github-app.js';
import { CONTRACT, mockContract, mockFiles, openedPayload, REPO } from '../support/pull-fixtures.js';

let server: Server | null = null;


simulateGitHub({ loopback: true });

afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
  server = null;
});

async function serve(queue: WorkQueue, metrics: Metrics): Promise<string> {
  const routes = operationsRoutes(queue, metrics);
  server = createServer((req, res) => void routes(req, res).then((handled) => handled || res.writeHead(404).end()));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('health and metrics', () => {
  it('answers /healthz with the queue’s state, and 503 when the queue cannot take work', async () => {
    const queue = new InProcessQueue();
    const base = await serve(queue, new Metrics());

    const before = await fetch(`${base}/healthz`);
    expect(before.status).toBe(503);

    queue.start(async () => undefined);
    const after = await fetch(`${base}/healthz`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ status: 'ok', queue: 'in-process', depth: 0, oldestAgeSeconds: 0 });
  });

  it('counts events, evaluations, verdicts and GitHub requests in /metrics', async () => {
    const queue = new InProcessQueue();
    const metrics = new Metrics();
    const probot = createProbotInstance();
    await probot.load(readinessGate({ queue, metrics, now: () => new Date() }));
    const base = await serve(queue, metrics);
    mockContract(CONTRACT);
    mockFiles([{ filename: 'README.md' }]);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 1 }, { 'x-ratelimit-remaining': '4321' });

    await probot.receive({ id: 'd-1', name: 'pull_request', payload: openedPayload() } as Parameters<typeof probot.receive>[0]);
    await queue.idle();
    const text = await (await fetch(`${base}/metrics`)).text();

    expect(text).toContain('readiness_gate_events_received_total{event="pull_request.opened"} 1');
    expect(text).toContain('readiness_gate_evaluations_total{outcome="success"} 1');
    expect(text).toContain('readiness_gate_verdicts_total{conclusion="success"} 1');
    expect(text).toContain('readiness_gate_github_requests_total{method="GET",status="200"} 2');
    // The check run, and the installation token the evaluation asked for.
    expect(text).toContain('readiness_gate_github_requests_total{method="POST",status="201"} 2');
    expect(text).toContain('readiness_gate_github_rate_limit_remaining 4321');
    expect(text).toContain('readiness_gate_queue_depth{queue="in-process"} 0');
    expect(text).toMatch(/readiness_gate_evaluation_duration_seconds_count 1/);
    expect(text).toMatch(/readiness_gate_event_to_check_seconds_count 1/);
    expect(text).toContain('readiness_gate_process_resident_memory_bytes');
  });
});

describe('one-shot runners', () => {
  it('answer an event only after its evaluation has run when asked to wait', async () => {
    const probot = createProbotInstance();
    await probot.load(readinessGate({ waitForEvaluation: true, now: () => new Date() }));
    mockContract(CONTRACT);
    mockFiles([{ filename: 'README.md' }]);
    const check = nock(API).post(`${REPO}/check-runs`).reply(201, { id: 1 });

    await probot.receive({ id: 'd-1', name: 'pull_request', payload: openedPayload() } as Parameters<typeof probot.receive>[0]);

    expect(check.isDone()).toBe(true);
  });
});
