/**
 * Rendering must not throw, even on a verdict built by hand, by an older
 * version, or half-broken by a bug upstream: a missing list is an empty one and
 * entries that are not objects are skipped.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object entries of what should be a list of objects. */
export function records<T extends object>(value: readonly T[] | undefined | null): T[] {
  return Array.isArray(value) ? (value as unknown[]).filter(isRecord).map((entry) => entry as T) : [];
}

/** The entries of what should be a list of strings, as strings. */
export function texts(value: readonly string[] | undefined | null): string[] {
  return Array.isArray(value) ? (value as unknown[]).filter((entry) => entry !== null && entry !== undefined).map(text) : [];
}

/** Any value as text; `String()` throws on objects without a usable `toString`. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A whole number of at least `min`, or undefined. */
export function count(value: unknown, min = 0): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : undefined;
}
