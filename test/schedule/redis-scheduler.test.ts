import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { RedisScheduler, type RedisSchedulerOptions } from '../../src/schedule/redis-scheduler.js';
import type { ScheduleSubject } from '../../src/schedule/subject.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
const opened: RedisScheduler[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis?.stop();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close(true)));
  await redis.flush();
});

const pull = (number: number): ScheduleSubject => ({ kind: 'pull', installationId: 1, ref: { owner: 'acme', repo: 'models', number } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

function replica(options: Partial<RedisSchedulerOptions> = {}) {
  const s = new RedisScheduler({ url: redis.url, graceMs: 0, stalledIntervalMs: 200, jobLockMs: 400, ...options });
  opened.push(s);
  const due: { subject: ScheduleSubject; at: string }[] = [];
  const warnings: string[] = [];
  const start = () =>
    s.start(
      async (subject, at) => {
        due.push({ subject, at });
      },
      { warn: (_d, message) => void warnings.push(message), error: () => undefined },
    );
  return { s, due, warnings, start };
}

async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await sleep(20);
}

describe('the Redis scheduler (BullMQ delayed jobs)', () => {
  it('keeps a schedule when the replica that set it is gone: another replica runs it at its instant', async () => {
    const a = replica();
    a.start();
    const at = inMs(400);
    expect(await a.s.set(pull(7), at)).toBe(true);
    await a.s.close(true);

    const b = replica();
    b.start();
    await until(() => b.due.length > 0);
    expect(b.due).toEqual([{ subject: pull(7), at }]);
    expect(a.due).toEqual([]);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(at));
    expect(await b.s.pending()).toBe(0);
  });

  it('keeps one delayed job per pull request: a moved instant replaces it, the same instant writes nothing', async () => {
    const r = replica();
    r.start();
    const first = inMs(200);
    const moved = inMs(500);
    await r.s.set(pull(1), first);
    expect(await r.s.set(pull(1), first)).toBe(false);
    await r.s.set(pull(1), moved);
    await r.s.set(pull(2), first);
    expect(await r.s.pending()).toBe(2);
    const jobs = new Queue('readiness-schedule', { connection: { url: redis.url }, prefix: 'readiness-gate' });
    try {
      expect((await jobs.getDelayed()).map((j) => j.id).sort()).toEqual([`pull-acme/models#1@${Date.parse(moved)}`, `pull-acme/models#2@${Date.parse(first)}`]);
    } finally {
      await jobs.close();
    }

    await until(() => r.due.length >= 2);
    await sleep(100);
    expect(r.due.map((d) => [d.subject.kind === 'pull' ? d.subject.ref.number : 0, d.at])).toEqual([
      [2, first],
      [1, moved],
    ]);
  });

  it('clears a schedule with null', async () => {
    const r = replica();
    r.start();
    await r.s.set(pull(1), inMs(150));
    expect(await r.s.set(pull(1), null)).toBe(true);
    await sleep(400);
    expect(r.due).toEqual([]);
    expect(await r.s.pending()).toBe(0);
  });

  it('attack: a due job someone wrote into Redis by hand is dropped with a warning, and runs nothing', async () => {
    const r = replica();
    const jobs = new Queue('readiness-schedule', { connection: { url: redis.url }, prefix: 'readiness-gate' });
    try {
      await jobs.add('due', { subject: { kind: 'pull', installationId: -1, ref: { owner: 'acme', repo: 'models', number: 1 } }, at: 'now' });
    } finally {
      await jobs.close();
    }
    r.start();
    await until(() => r.warnings.length > 0);
    expect(r.warnings).toEqual(['dropped a malformed scheduled re-evaluation']);
    expect(r.due).toEqual([]);
  });

  it('control: a job whose instant a newer evaluation moved (it could not be removed in time) does nothing when it comes due', async () => {
    const r = replica();
    const at = inMs(150);
    await r.s.set(pull(1), at);
    // As if a newer evaluation had recorded another instant while this job was being run (and so could not be removed).
    const hash = new (await import('ioredis')).Redis(redis.url);
    try {
      await hash.hset('readiness-gate:schedule:instants', 'pull-acme/models#1', String(Date.parse(at) + 60_000));
    } finally {
      hash.disconnect();
    }
    r.start();
    await sleep(500);
    expect(r.due).toEqual([]);
  });
});
