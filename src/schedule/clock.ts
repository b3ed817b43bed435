/**
 * The clock and timers a scheduler runs on: the system's by default, a manual
 * one in tests, so that a schedule days ahead is tested without waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Node runs a longer setTimeout at once (with a warning): 2^31 - 1 ms, about
 * 24.8 days. A later instant is reached by re-arming.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    // A pending schedule must not keep a process alive that is otherwise done (the server keeps itself alive).
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
