import { describe, expect, it } from '@jest/globals';
import type { CommandOutcome } from '../../src/evaluate/verdict.js';
import type { ConversationEntry } from '../../src/facts/snapshot.js';
import { replyMarker } from '../../src/github/markers.js';
import { planCommandReactions, planCommandReplies } from '../../src/publish/command-replies.js';

const APP = 'readiness-gate[bot]';

function entry(key: string, login: string, body = '', type: ConversationEntry['author']['type'] = 'User'): ConversationEntry {
  const [source] = key.split(':') as [ConversationEntry['source']];
  return { key, source, author: { login, type }, body, createdAt: '2025-03-01T00:00:00Z', edited: false, commitSha: null };
}

function refused(entryKey: string, text = '/signoff sre', reason = 'eve is not a member of sre'): CommandOutcome {
  return { entryKey, author: 'eve', text, accepted: false, reason };
}

const accepted = (entryKey: string): CommandOutcome => ({ entryKey, author: 'alice', text: '/signoff ml-lead', accepted: true });

describe('planCommandReplies', () => {
  it('answers each entry with refused commands once, in one reply listing them all, ending with its marker', () => {
    const conversation = [entry('comment:5', 'eve'), entry('review:6', 'eve')];
    const outcomes = [refused('comment:5'), accepted('comment:4'), refused('comment:5', '/waive x 3d'), refused('review:6')];

    const replies = planCommandReplies(outcomes, conversation, APP);

    expect(replies.map((r) => r.entryKey)).toEqual(['comment:5', 'review:6']);
    expect(replies[0]?.body).toContain('these commands');
    expect(replies[0]?.body.split('\n').at(-1)).toBe(replyMarker('comment:5'));
    expect(replies[1]?.body).toContain('this command');
  });

  it('does not answer again what the app already answered, whatever the case of its login', () => {
    const conversation = [entry('comment:5', 'eve'), entry('comment:8', 'Readiness-Gate[bot]', `earlier\n${replyMarker('comment:5')}`, 'Bot')];

    expect(planCommandReplies([refused('comment:5')], conversation, APP)).toEqual([]);
  });

  it('still answers when someone else pasted the marker, so a reply cannot be suppressed', () => {
    const conversation = [entry('comment:5', 'eve'), entry('comment:8', 'mallory', replyMarker('comment:5'))];

    expect(planCommandReplies([refused('comment:5')], conversation, APP).map((r) => r.entryKey)).toEqual(['comment:5']);
  });

  it('never answers a bot (two bots could talk for ever), nor an entry that is not in the conversation', () => {
    const conversation = [entry('comment:5', 'deploy[bot]', '', 'Bot'), entry('comment:6', APP, '', 'Bot')];

    expect(planCommandReplies([refused('comment:5'), refused('comment:6'), refused('comment:7')], conversation, APP)).toEqual([]);
  });
});

describe('planCommandReactions', () => {
  it('reacts to the entries that caused the evaluation and carried an accepted command: comments and review comments', () => {
    const outcomes = [accepted('comment:5'), accepted('review_comment:6'), accepted('comment:9')];

    expect(planCommandReactions(['comment:5', 'review_comment:6'], outcomes)).toEqual([
      { on: 'comment', commentId: 5 },
      { on: 'review_comment', commentId: 6 },
    ]);
  });

  it('does not react to a refused command, a review (it cannot carry reactions), or a key that names no comment', () => {
    const outcomes = [refused('comment:5'), accepted('review:6'), accepted('comment:x'), accepted('comment:99999999999999999999')];

    expect(planCommandReactions(['comment:5', 'review:6', 'comment:x', 'comment:99999999999999999999', 'comment:7'], outcomes)).toEqual([]);
  });
});
