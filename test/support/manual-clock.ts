/**
 * A clock whose time moves only when a test says so (src/schedule/clock.ts):
 * timers due on the way fire in order, each with the time set to its instant,
 * and the work they start settles before the next one fires.
 */
import type { Clock } from '../../src/schedule/clock.js';

interface Timer {
  at: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  #now: number;
  readonly #timers = new Map<number, Timer>();
  #ids = 0;
  /** Every delay a timer was set with, in order. */
  readonly delays: number[] = [];

  constructor(start: string) {
    this.#now = Date.parse(start);
  }

  now(): number {
    return this.#now;
  }

  date(): Date {
    return new Date(this.#now);
  }

  setTimeout(callback: () => void, ms: number): number {
    this.delays.push(ms);
    this.#ids += 1;
    this.#timers.set(this.#ids, { at: this.#now + Math.max(0, ms), callback });
    return this.#ids;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves the time forward by `ms`, firing what falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const [id, timer] = [...this.#timers].filter(([, t]) => t.at <= target).sort(([, a], [, b]) => a.at - b.at)[0] ?? [];
      if (id === undefined || !timer) break;
      this.#timers.delete(id);
      this.#now = Math.max(this.#now, timer.at);
      timer.callback();
      await settle();
    }
    this.#now = target;
  }
}

/** Lets the promises a timer started run as far as they can without I/O. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
