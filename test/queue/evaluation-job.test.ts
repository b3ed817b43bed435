import { describe, expect, it } from '@jest/globals';
import { jobKey, readEvaluationJob } from '../../src/queue/evaluation-job.js';

const base = { installationId: 1, deliveryId: 'd', event: 'push', receivedAt: '2026-11-22T12:00:00Z' };

describe('dashboard jobs', () => {
  it('read back with their branch, under a key no pull request has', () => {
    const job = { ...base, ref: { owner: 'acme', repo: 'models', number: 0 }, dashboard: { branch: 'main' } };
    const reading = readEvaluationJob(JSON.stringify(job));

    expect(reading).toEqual({ ok: true, job });
    expect(jobKey(job)).toBe('acme/models#0');
  });

  it('read back without a branch (a scheduled run asks GitHub for the default branch), but never with an empty one', () => {
    const job = { ...base, ref: { owner: 'acme', repo: 'models', number: 0 }, dashboard: {} };
    expect(readEvaluationJob(JSON.stringify(job))).toEqual({ ok: true, job });
    expect(readEvaluationJob(JSON.stringify({ ...job, dashboard: { branch: '' } })).ok).toBe(false);
  });

  it('refuse number 0 without a dashboard, and a dashboard on a pull request', () => {
    expect(readEvaluationJob(JSON.stringify({ ...base, ref: { owner: 'acme', repo: 'models', number: 0 } }))).toEqual({ ok: false, problems: ['ref.number: is 0 exactly for a dashboard job'] });
    expect(readEvaluationJob(JSON.stringify({ ...base, ref: { owner: 'acme', repo: 'models', number: 2 }, dashboard: { branch: 'main' } })).ok).toBe(false);
  });
});
