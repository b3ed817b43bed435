/**
 * "It worked, and here is the value; or it did not, and here is why", for
 * steps whose failure is a plain-language reason the user reads. Failures
 * that carry more than a reason (contract errors with line:column, a parse
 * error with its line, the three states of a file: present, absent,
 * unreadable) keep shapes of their own.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

export function succeeded<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function failed<T = never>(reason: string): Outcome<T> {
  return { ok: false, reason };
}
