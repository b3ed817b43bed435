/**
 * "Find the pull requests this event concerns, then re-evaluate each one":
 * what a webhook handler records when finding them takes a GitHub request (a
 * commit status names no pull request; a check run from a fork lists none; a
 * contract push concerns every open pull request into the default branch).
 * The worker asks GitHub, so a GitHub failure is logged and retried there and
 * never turns the webhook's answer into an HTTP 500. Plain JSON, like an
 * EvaluationJob, and validated when read back from Redis.
 */
import { z } from 'zod';

const headPull = z.object({ number: z.number().int().positive(), base: z.string().min(1) });

const headFilter = z.discriminatedUnion('kind', [
  /** Every open pull request with that head. */
  z.object({ kind: z.literal('all') }),
  /** A re-run of one of the app's checks: only the pull requests whose check has that name. */
  z.object({ kind: z.literal('check-name'), name: z.string(), defaultBranch: z.string().min(1) }),
  /** Another check finished: only the pull requests whose base contract names it. */
  z.object({ kind: z.literal('naming-check'), check: z.string() }),
]);

const pullLookup = z.discriminatedUnion('kind', [
  /** Open pull requests whose head is `sha`: those the event listed, or, when it listed none, as GitHub lists them. */
  z.object({ kind: z.literal('head'), sha: z.string().min(1), listed: z.array(headPull), filter: headFilter }),
  /** The most recent open pull requests into `base`. */
  z.object({ kind: z.literal('base'), base: z.string().min(1) }),
]);

export const lookupJobSchema = z.object({
  installationId: z.number().int().positive(),
  repo: z.object({ owner: z.string().min(1), repo: z.string().min(1) }),
  /** The delivery that asked for it (for logs); the evaluations it finds carry it on. */
  deliveryId: z.string(),
  event: z.string(),
  /** ISO time the event was received: the evaluations' event-to-check latency counts from here. */
  receivedAt: z.iso.datetime(),
  find: pullLookup,
});

export type PullLookup = z.infer<typeof pullLookup>;
export type HeadFilter = z.infer<typeof headFilter>;
export type LookupJob = z.infer<typeof lookupJobSchema>;

/** Runs one lookup: finds the pull requests and enqueues their evaluations; throws when GitHub could not be asked. */
export type LookupRunner = (job: LookupJob) => Promise<void>;
