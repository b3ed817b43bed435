/**
 * What a scheduled re-evaluation is for: one pull request, or (issue 13 part 2)
 * one repository's dashboard. A subject is plain JSON, so it can wait in Redis
 * and run on any replica, and its key names one schedule: a newer instant for
 * the same key replaces the older one.
 */
import { z } from 'zod';
import type { PullRef, RepoRef } from '../github/client.js';

export type ScheduleSubject =
  | { kind: 'pull'; installationId: number; ref: PullRef }
  | { kind: 'dashboard'; installationId: number; repo: RepoRef };

const name = z.string().min(1);
const installationId = z.number().int().positive();

/** A subject read back from Redis is checked like any other input (see queue/evaluation-job.ts). */
export const scheduleSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pull'), installationId, ref: z.object({ owner: name, repo: name, number: z.number().int().positive() }) }),
  z.object({ kind: z.literal('dashboard'), installationId, repo: z.object({ owner: name, repo: name }) }),
]) satisfies z.ZodType<ScheduleSubject>;

/**
 * One schedule per key. BullMQ refuses `:` in job ids; owner and repository
 * names cannot hold one (nor `#`), so keys never collide.
 */
export function subjectKey(subject: ScheduleSubject): string {
  return subject.kind === 'pull'
    ? `pull-${subject.ref.owner}/${subject.ref.repo}#${subject.ref.number}`
    : `dashboard-${subject.repo.owner}/${subject.repo.repo}`;
}
