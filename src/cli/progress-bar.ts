/**
 * The audit export's progress on a terminal: a bar over the pull requests
 * read, with pages fetched and records found. Drawn on one line with `\r`, so
 * it is only ever written to a TTY: piped or redirected stderr gets none.
 */
import type { HistoryProgress } from '../audit/history.js';
import type { Output } from './output.js';

const WIDTH = 20;

export function progressLine(progress: HistoryProgress): string {
  const { pullsDone, pullsTotal, pages, records } = progress;
  const filled = pullsTotal === 0 ? 0 : Math.min(WIDTH, Math.round((pullsDone / pullsTotal) * WIDTH));
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`;
  return `${bar} ${pullsDone}/${pullsTotal} pull requests · ${pages} pages · ${records} records`;
}

export interface ProgressBar {
  update(progress: HistoryProgress): void;
  /** A message on its own line, the bar redrawn under it. */
  message(text: string): void;
  done(): void;
}

const CLEAR = '\r\u001b[K';

export function progressBar(stderr: Output & { isTTY?: boolean }): ProgressBar {
  let last = '';
  if (!stderr.isTTY) {
    return { update: () => undefined, message: (text) => void stderr.write(`${text}\n`), done: () => undefined };
  }
  return {
    update(progress) {
      last = progressLine(progress);
      stderr.write(`${CLEAR}${last}`);
    },
    message(text) {
      stderr.write(`${CLEAR}${text}\n${last}`);
    },
    done() {
      if (last) stderr.write(CLEAR);
    },
  };
}
