import { describe, expect, it } from '@jest/globals';
import { PullLanes } from '../../src/queue/pull-lanes.js';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('PullLanes', () => {
  it('never runs two jobs of one pull request at once', async () => {
    const queue = new PullLanes();
    const first = gate();
    const log: string[] = [];
    const a = queue.run('o/r#1', async () => {
      log.push('a:start');
      await first.promise;
      log.push('a:end');
    });
    const b = queue.run('o/r#1', async () => {
      log.push('b');
    });
    await Promise.resolve();
    expect(log).toEqual(['a:start']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a:start', 'a:end', 'b']);
    expect(queue.size).toBe(0);
  });

  it('coalesces events that arrive during a run into one follow-up run of the newest job', async () => {
    const queue = new PullLanes();
    const first = gate();
    const ran: string[] = [];
    const a = queue.run('o/r#1', async () => {
      ran.push('a');
      await first.promise;
    });
    const waits = ['b', 'c', 'd'].map((name) => queue.run('o/r#1', async () => void ran.push(name)));
    first.open();
    await Promise.all([a, ...waits]);
    expect(ran).toEqual(['a', 'd']);
  });

  it('runs different pull requests side by side', async () => {
    const queue = new PullLanes();
    const first = gate();
    const ran: string[] = [];
    const a = queue.run('o/r#1', async () => {
      await first.promise;
      ran.push('1');
    });
    await queue.run('o/r#2', async () => void ran.push('2'));
    expect(ran).toEqual(['2']);
    first.open();
    await a;
    expect(ran).toEqual(['2', '1']);
  });

  it('keeps going after a failed run and reports the failure to its caller', async () => {
    const queue = new PullLanes();
    const failing = queue.run('o/r#1', async () => {
      throw new Error('GitHub is down');
    });
    const next = queue.run('o/r#1', async () => undefined);
    await expect(failing).rejects.toThrow('GitHub is down');
    await expect(next).resolves.toBeUndefined();
  });
});
