import { describe, expect, it } from '@jest/globals';
import { MAX_TIMER_DELAY_MS } from '../../src/schedule/clock.js';
import { InProcessScheduler } from '../../src/schedule/in-process-scheduler.js';
import type { ScheduleSubject } from '../../src/schedule/subject.js';
import { ManualClock } from '../support/manual-clock.js';

const START = '2026-11-22T12:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
const pull = (number: number): ScheduleSubject => ({ kind: 'pull', installationId: 1, ref: { owner: 'acme', repo: 'models', number } });
const quietLog = { warn: () => undefined, error: () => undefined };

function scheduler(graceMs = 1_000) {
  const clock = new ManualClock(START);
  const due: { subject: ScheduleSubject; at: string; firedAt: string }[] = [];
  const s = new InProcessScheduler({ clock, graceMs });
  s.start(async (subject, at) => {
    due.push({ subject, at, firedAt: clock.date().toISOString() });
  }, quietLog);
  return { clock, due, s };
}

const later = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

describe('the in-process scheduler', () => {
  it('hands a subject back once its instant (and the grace after it) has come, not before', async () => {
    const { clock, due, s } = scheduler();
    expect(await s.set(pull(1), later(60_000))).toBe(true);

    await clock.advance(60_000);
    expect(due).toEqual([]);
    await clock.advance(1_000);
    expect(due).toEqual([{ subject: pull(1), at: later(60_000), firedAt: later(61_000) }]);
    expect(await s.pending()).toBe(0);
  });

  it('keeps one schedule per pull request: a newer instant replaces the older, the same instant changes nothing', async () => {
    const { clock, due, s } = scheduler(0);
    await s.set(pull(1), later(DAY));
    expect(await s.set(pull(1), later(DAY))).toBe(false);
    await s.set(pull(1), later(2 * DAY));
    await s.set(pull(2), later(DAY));
    expect(await s.pending()).toBe(2);

    await clock.advance(3 * DAY);
    expect(due.map((d) => [d.subject.kind === 'pull' ? d.subject.ref.number : 0, d.at])).toEqual([
      [2, later(DAY)],
      [1, later(2 * DAY)],
    ]);
  });

  it('clears a schedule with null', async () => {
    const { clock, due, s } = scheduler();
    await s.set(pull(1), later(DAY));
    expect(await s.set(pull(1), null)).toBe(true);
    expect(await s.set(pull(1), null)).toBe(false);
    await clock.advance(2 * DAY);
    expect(due).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('reaches an instant months away in timer steps Node accepts (setTimeout caps at about 24.8 days)', async () => {
    const { clock, due, s } = scheduler(0);
    await s.set(pull(1), later(90 * DAY));

    await clock.advance(89 * DAY);
    expect(due).toEqual([]);
    await clock.advance(DAY);
    expect(due.map((d) => d.firedAt)).toEqual([later(90 * DAY)]);
    expect(clock.delays.length).toBeGreaterThan(3);
    expect(Math.max(...clock.delays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
  });

  it('runs a subject whose instant has passed at once (an evaluation that learnt of it late)', async () => {
    const { clock, due, s } = scheduler();
    await s.set(pull(1), later(-DAY));
    await clock.advance(0);
    expect(due.map((d) => d.firedAt)).toEqual([START]);
  });

  it('schedules a dashboard apart from the pull requests of its repository', async () => {
    const { clock, due, s } = scheduler(0);
    const dashboard: ScheduleSubject = { kind: 'dashboard', installationId: 1, repo: { owner: 'acme', repo: 'models' } };
    await s.set(dashboard, later(DAY));
    await s.set(pull(1), later(2 * DAY));
    await clock.advance(2 * DAY);
    expect(due.map((d) => d.subject.kind)).toEqual(['dashboard', 'pull']);
  });

  it('refuses an instant that is not one, and a failing runner does not stop later schedules', async () => {
    const clock = new ManualClock(START);
    const errors: string[] = [];
    const s = new InProcessScheduler({ clock, graceMs: 0 });
    let calls = 0;
    s.start(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('queue full');
      },
      { warn: () => undefined, error: (_details, message) => void errors.push(message) },
    );
    await expect(s.set(pull(1), 'tomorrow')).rejects.toThrow(/not an instant/);
    await s.set(pull(1), later(DAY));
    await s.set(pull(2), later(2 * DAY));
    await clock.advance(3 * DAY);
    expect(calls).toBe(2);
    expect(errors).toEqual(['could not start a scheduled re-evaluation']);
  });
});
