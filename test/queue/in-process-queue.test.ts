import { describe, expect, it } from '@jest/globals';
import type { EvaluationJob } from '../../src/queue/evaluation-job.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import type { LookupJob } from '../../src/queue/lookup-job.js';

const lookup = (deliveryId: string): LookupJob => ({
  installationId: 1,
  repo: { owner: 'acme', repo: 'models' },
  deliveryId,
  event: 'push',
  receivedAt: '2026-11-22T12:00:00.000Z',
  find: { kind: 'base', base: 'main' },
});

describe('the in-process queue', () => {
  it('runs every lookup (none is coalesced with another), and is idle only once the evaluations they enqueued have run', async () => {
    const queue = new InProcessQueue();
    const evaluated: EvaluationJob[] = [];
    queue.start(
      async (job) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        evaluated.push(job);
      },
      undefined,
      async (job) => {
        await queue.enqueue({ installationId: 1, ref: { ...job.repo, number: 7 }, deliveryId: job.deliveryId, event: job.event, receivedAt: job.receivedAt });
      },
    );

    await queue.enqueueLookup(lookup('d-1'));
    await queue.enqueueLookup(lookup('d-2'));
    await queue.idle();

    // Both lookups ran; their evaluations of #7 merged into at most one follow-up after the first.
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.map((job) => job.ref.number)).toEqual(evaluated.map(() => 7));
    expect(evaluated.at(-1)?.deliveryId).toBe('d-2');
  });

  it('keeps running after a lookup fails, and refuses lookups before it was started with a lookup runner', async () => {
    const idle = new InProcessQueue();
    idle.start(async () => undefined);
    await expect(idle.enqueueLookup(lookup('d-0'))).rejects.toThrow(/lookup runner/);

    const queue = new InProcessQueue();
    const seen: string[] = [];
    queue.start(async () => undefined, undefined, async (job) => {
      seen.push(job.deliveryId);
      if (job.deliveryId === 'd-1') throw new Error('GitHub answered 502');
    });
    await queue.enqueueLookup(lookup('d-1'));
    await queue.enqueueLookup(lookup('d-2'));
    await queue.idle();

    expect(seen).toEqual(['d-1', 'd-2']);
  });
});
