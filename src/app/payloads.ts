/**
 * The fields of each subscribed webhook that the handlers use, validated at
 * the boundary. A delivery is signed by GitHub, but its shape is still input:
 * a field missing, null or of the wrong type must end in a warning naming the
 * delivery, not in a thrown TypeError (HTTP 500) or a request built from it.
 * Objects are not strict (GitHub adds fields), and parsing keeps only what is
 * listed here, so a job carries no more of the payload than it needs.
 */
import type { Context } from 'probot';
import { z } from 'zod';

const sha = z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'a commit SHA');
const name = z.string().min(1);
const count = z.number().int().positive();
/** Deleted accounts ("ghost") come as null. */
const actor = z.object({ login: z.string(), type: z.string() }).nullable();

const envelope = {
  installation: z.object({ id: count }),
  repository: z.object({ name, owner: z.object({ login: name }), default_branch: name }),
};

export const pullRequestSchema = z.object({
  number: count,
  state: z.enum(['open', 'closed']),
  merged: z.boolean().nullable().optional(),
  merged_at: z.string().nullable().optional(),
  changed_files: z.number().int().nonnegative().optional(),
  user: actor,
  head: z.object({ sha }),
  base: z.object({ ref: name, sha, repo: z.object({ default_branch: name }) }),
  labels: z.array(z.object({ name: z.string().optional() })),
  requested_reviewers: z.array(z.object({ login: z.string() }).nullable()).nullable().optional(),
  requested_teams: z.array(z.object({ slug: z.string() }).nullable()).nullable().optional(),
});

const pullNumber = z.object({ number: count });
const commentBody = z.string().nullable();
const bodyChange = z.object({ body: z.object({ from: z.string() }).optional() }).optional();
const listedPulls = z.array(z.object({ number: count, base: z.object({ ref: name }) }));

export const payloads = {
  pullRequest: z.object({ ...envelope, pull_request: pullRequestSchema }),
  pullRequestEdited: z.object({
    ...envelope,
    pull_request: pullRequestSchema,
    changes: z.object({ base: z.object({ ref: z.object({ from: name }) }).optional() }),
  }),
  issueComment: z.object({
    ...envelope,
    action: z.enum(['created', 'edited', 'deleted']),
    issue: z.object({ number: count, pull_request: z.object({}).nullable().optional() }),
    comment: z.object({ id: count, user: actor, body: commentBody }),
    changes: bodyChange,
  }),
  review: z.object({
    ...envelope,
    action: z.enum(['submitted', 'edited', 'dismissed']),
    review: z.object({ user: actor, state: z.string(), body: commentBody }),
    pull_request: pullNumber,
  }),
  reviewComment: z.object({
    ...envelope,
    action: z.enum(['created', 'edited', 'deleted']),
    comment: z.object({ id: count, user: actor, body: commentBody }),
    pull_request: pullNumber,
    changes: bodyChange,
  }),
  checkRun: z.object({ ...envelope, check_run: z.object({ name: z.string(), head_sha: sha, pull_requests: listedPulls }) }),
  checkSuite: z.object({ ...envelope, check_suite: z.object({ head_sha: sha, pull_requests: listedPulls }) }),
  status: z.object({ ...envelope, sha, context: z.string(), state: z.enum(['pending', 'success', 'failure', 'error']) }),
  mergeGroup: z.object({ ...envelope, merge_group: z.object({ head_ref: z.string(), head_sha: sha }) }),
  push: z.object({
    ...envelope,
    ref: z.string(),
    commits: z.array(
      z.object({ added: z.array(z.string()).optional(), modified: z.array(z.string()).optional(), removed: z.array(z.string()).optional() }),
    ),
  }),
};

/** The payload's fields when they have the expected shape; otherwise a warning naming the delivery, and null. */
export function parsePayload<S extends z.ZodType>(context: Pick<Context, 'id' | 'name' | 'payload' | 'log'>, schema: S): z.infer<S> | null {
  const parsed = schema.safeParse(context.payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
  context.log.warn({ delivery: context.id, event: context.name, problems }, `ignored malformed ${context.name} delivery ${context.id}`);
  return null;
}
