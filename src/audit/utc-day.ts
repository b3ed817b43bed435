/** A `YYYY-MM-DD` bound of an audit range, as a UTC day: the CLI's flags and the page's query parameters read it alike. */

/** The day's first or last millisecond; null for anything but a day that exists (2025-02-30 does not). */
export function utcDay(text: string, end: 'start' | 'end'): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!day || day.toISOString().slice(0, 10) !== text) return null;
  return end === 'start' ? day : new Date(day.getTime() + 24 * 60 * 60 * 1000 - 1);
}
