/**
 * "Re-evaluate pull request owner/repo#n" (or "the dashboard of owner/repo"):
 * all a webhook handler records. It is plain JSON, so it can wait in Redis and
 * run on any replica.
 */
import { z } from 'zod';
import { pullRequestSchema } from '../app/payloads.js';
import { pullKey, type PullRef } from '../github/client.js';
import type { GitHubPull } from '../github/pull-object.js';
import { jobProblems } from './job-problems.js';

export interface EvaluationJob {
  installationId: number;
  ref: PullRef;
  /** The delivery that asked for it (for logs); the newest one when several coalesced. */
  deliveryId: string;
  /** `pull_request.synchronize`, `issue_comment.created`, … */
  event: string;
  /** ISO time the event was received, for queue age and event-to-check latency. */
  receivedAt: string;
  /** The pull request as its webhook delivered it; lets an out-of-scope evaluation skip a request. */
  payloadPull?: GitHubPull;
  /** Conversation entries whose accepted commands get a reaction (`comment:<id>`, `review_comment:<id>`). */
  acknowledge?: string[];
  /** Extra commits that need the check (merge-queue group heads). */
  alsoCheck?: string[];
  /** Bases the pull request was moved away from, with its head then: that verdict is withdrawn. */
  retargetedFrom?: { base: string; head: string }[];
  /**
   * Set for the default branch's dashboard rather than a pull request; `ref.number`
   * is then 0, which no pull request has, so the two kinds never share a key.
   * `branch` is the default branch when the event named it (a push); a scheduled
   * run leaves it out, since the default branch may have changed since, and GitHub is asked.
   */
  dashboard?: { branch?: string };
}

const name = z.string().min(1);

/**
 * A job as it must read back from Redis. Another version of the app, a bug, or
 * anyone who can write to Redis may have left something else there; the
 * pull request it is kept with must still be evaluated, so it is checked, never cast.
 * `payloadPull` is checked as the webhook's pull request was, since it is one.
 */
const evaluationJobSchema = z.object({
  installationId: z.number().int().positive(),
  ref: z.object({ owner: name, repo: name, number: z.number().int().nonnegative() }),
  deliveryId: z.string(),
  event: z.string(),
  receivedAt: z.iso.datetime(),
  payloadPull: pullRequestSchema.optional(),
  acknowledge: z.array(z.string()).optional(),
  alsoCheck: z.array(z.string()).optional(),
  retargetedFrom: z.array(z.object({ base: name, head: z.string() })).optional(),
  dashboard: z.object({ branch: name.optional() }).optional(),
})
  .refine((job) => (job.ref.number === 0) === (job.dashboard !== undefined), {
    message: 'is 0 exactly for a dashboard job',
    path: ['ref', 'number'],
  }) satisfies z.ZodType<EvaluationJob>;

export type JobReading = { ok: true; job: EvaluationJob } | { ok: false; problems: string[] };

/** A job from its JSON text, or what is wrong with it (at most five problems, each with its field). */
export function readEvaluationJob(text: string): JobReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['(job): not JSON'] };
  }
  const parsed = evaluationJobSchema.safeParse(value);
  if (parsed.success) return { ok: true, job: parsed.data };
  return { ok: false, problems: jobProblems(parsed.error) };
}

export function jobKey(job: Pick<EvaluationJob, 'ref'>): string {
  // A dashboard job has number 0: `owner/repo#0` is the repository's dashboard.
  return pullKey(job.ref);
}

/**
 * Several events for one pull request become one evaluation of its latest
 * state; what each event asked for beyond that (a reaction, a merge-group
 * check) is kept.
 */
export function mergeJobs(older: EvaluationJob, newer: EvaluationJob): EvaluationJob {
  const union = (a?: string[], b?: string[]): string[] | undefined => {
    const all = [...new Set([...(a ?? []), ...(b ?? [])])];
    return all.length > 0 ? all : undefined;
  };
  const merged: EvaluationJob = { ...newer, receivedAt: older.receivedAt < newer.receivedAt ? older.receivedAt : newer.receivedAt };
  const acknowledge = union(older.acknowledge, newer.acknowledge);
  const alsoCheck = union(older.alsoCheck, newer.alsoCheck);
  if (acknowledge) merged.acknowledge = acknowledge;
  else delete merged.acknowledge;
  if (alsoCheck) merged.alsoCheck = alsoCheck;
  else delete merged.alsoCheck;
  const retargets = new Map([...(older.retargetedFrom ?? []), ...(newer.retargetedFrom ?? [])].map((r) => [`${r.base} ${r.head}`, r]));
  if (retargets.size > 0) merged.retargetedFrom = [...retargets.values()];
  else delete merged.retargetedFrom;
  // A payload describes one moment; once events of different kinds merge, let the evaluation fetch the pull request.
  if (older.payloadPull?.head.sha !== newer.payloadPull?.head.sha) delete merged.payloadPull;
  return merged;
}
