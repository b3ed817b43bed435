import { describe, expect, it } from '@jest/globals';
import { pinCommentSignoffs } from '../../src/facts/github/comment-pins.js';
import { MAX_HEAD_PERIODS, recordHead, type HeadPeriod } from '../../src/github/head-clock.js';
import { pinNeeds } from '../../src/evaluate/fact-needs.js';
import type { ConversationEntry } from '../../src/facts/snapshot.js';
import { buildContract, buildSnapshot } from '../support/snapshot-builder.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

function comment(body: string, at: string, extra: Partial<ConversationEntry> = {}): ConversationEntry {
  return { key: `comment:${at}`, source: 'comment', author: { login: 'alice', type: 'User' }, body, createdAt: at, edited: false, commitSha: null, ...extra };
}

describe('the per-PR head clock', () => {
  it('starts a period only when the head changes, also when it changes back', () => {
    const first = recordHead([], A, new Date('2026-01-01T08:00:00Z'));
    expect(recordHead(first, A, new Date('2026-01-01T09:00:00Z'))).toEqual(first);
    const moved = recordHead(first, B, new Date('2026-01-01T10:00:00Z'));
    const back = recordHead(moved, A, new Date('2026-01-01T11:00:00Z'));
    expect(back).toEqual([
      { sha: A, since: '2026-01-01T08:00:00.000Z' },
      { sha: B, since: '2026-01-01T10:00:00.000Z' },
      { sha: A, since: '2026-01-01T11:00:00.000Z' },
    ]);
  });

  it('keeps only the latest periods', () => {
    let periods: HeadPeriod[] = [];
    for (let i = 0; i < MAX_HEAD_PERIODS + 5; i += 1) periods = recordHead(periods, i % 2 ? A : B, new Date(Date.UTC(2026, 0, 1, 0, i)));
    expect(periods).toHaveLength(MAX_HEAD_PERIODS);
    expect(periods[0]?.since).toBe(new Date(Date.UTC(2026, 0, 1, 0, 5)).toISOString());
  });

  it('pins a plain-comment sign-off to the head current when it was written, or to none before the record', () => {
    const periods: HeadPeriod[] = [
      { sha: A, since: '2026-01-01T08:00:00.000Z' },
      { sha: B, since: '2026-01-01T10:00:00.000Z' },
      { sha: A, since: '2026-01-01T11:00:00.000Z' },
    ];
    const entries = [
      comment('/signoff ml-lead', '2026-01-01T07:59:59Z'),
      comment('/signoff ml-lead', '2026-01-01T09:00:00Z'),
      comment('/signoff ml-lead', '2026-01-01T10:30:00Z'),
      comment('/signoff ml-lead', '2026-01-01T11:00:00Z'),
      comment('no command', '2026-01-01T09:00:01Z'),
      comment('/signoff ml-lead', '2026-01-01T09:00:02Z', { source: 'review_comment', commitSha: B }),
    ];
    const contract = buildContract({ scope: { paths: ['**'] }, roles: { 'ml-lead': ['@alice'] } });
    const pinned = pinCommentSignoffs(entries, periods, pinNeeds(contract, buildSnapshot().pull, entries));
    expect(pinned.map((e) => e.commitSha)).toEqual([null, A, B, A, null, B]);
  });
});
