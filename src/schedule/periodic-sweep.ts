/**
 * Runs a sweep every interval. The next one is armed when the last has
 * finished, so a slow sweep (GitHub's pacing) never overlaps the next. The
 * first runs soon after start, since a restart is exactly when in-process
 * schedules were lost.
 */
import type { Clock } from './clock.js';

/** After a start, wait this long (or the interval, if shorter) before sweeping: the server is up and webhooks flow first. */
export const FIRST_SWEEP_DELAY_MS = 60_000;

export interface PeriodicSweep {
  stop(): void;
}

export function startPeriodicSweep(intervalMs: number, clock: Clock, run: () => Promise<void>): PeriodicSweep {
  let stopped = false;
  let timer: unknown = null;
  const arm = (delay: number): void => {
    timer = clock.setTimeout(() => {
      // `run` reports its own failures; a failed sweep only waits for the next.
      void run()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) arm(intervalMs);
        });
    }, delay);
  };
  arm(Math.min(intervalMs, FIRST_SWEEP_DELAY_MS));
  return {
    stop() {
      stopped = true;
      clock.clearTimeout(timer);
    },
  };
}
