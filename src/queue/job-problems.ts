/**
 * What is wrong with a job read back from Redis, as the log says it: each
 * problem with the field it concerns, at most five (a job that is something
 * else entirely would otherwise fill the log). Used for evaluation jobs,
 * their queue entries and lookup jobs alike.
 */
import type { z } from 'zod';

export function jobProblems(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(job)'}: ${issue.message}`);
}
