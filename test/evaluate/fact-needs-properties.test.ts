/**
 * Every fact the judge reads was asked for: a snapshot gathered from the needs
 * (evaluate/fact-needs.ts) gives the same verdict as an all-knowing snapshot
 * that holds every team membership, every comparison, every entry's true edit
 * state and earlier review state, and every comment pinned. A fact the judge
 * read but the needs left out would be missing from the first (read as "not a
 * member", "unknown changes", "not edited") and present in the second, and
 * with random truths the verdicts would differ.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ContractInput } from '../../src/contract/schema.js';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { conversationNeeds, historyNeeds, pinNeeds } from '../../src/evaluate/fact-needs.js';
import { pinCommentSignoffs } from '../../src/facts/github/comment-pins.js';
import type { HeadPeriod } from '../../src/github/head-clock.js';
import type { ActorType, ChangesSince, ConversationEntry, Snapshot } from '../../src/facts/snapshot.js';
import { buildContract, buildSnapshot } from '../support/snapshot-builder.js';

const HEAD = 'h'.repeat(40);
const OLDER = ['1'.repeat(40), '2'.repeat(40)];
const SHAS = [HEAD, ...OLDER];
const PERIODS: HeadPeriod[] = [
  { sha: OLDER[0] ?? '', since: '2026-03-01T08:00:00.000Z' },
  { sha: OLDER[1] ?? '', since: '2026-03-01T10:00:00.000Z' },
  { sha: HEAD, since: '2026-03-01T12:00:00.000Z' },
];
const TEAMS = ['acme/ml', 'acme/sre'];
const PEOPLE: { login: string; type: ActorType }[] = [
  { login: 'alice', type: 'User' },
  { login: 'Bob', type: 'User' },
  { login: 'dave', type: 'User' },
  { login: 'author', type: 'User' },
  { login: 'ci[bot]', type: 'User' },
  { login: 'deployer', type: 'Bot' },
  { login: 'acme', type: 'Organization' },
];
const NOW = new Date('2026-03-02T00:00:00Z');

const roleMembers = (pool: string[]) => fc.subarray(pool, { minLength: 1 });
const contractInput: fc.Arbitrary<Omit<ContractInput, 'version'>> = fc
  .record({
    ml: roleMembers(['@alice', '@acme/ml', '@Dave', '@author']),
    sre: roleMembers(['@bob', '@acme/sre', '@acme/ml']),
    privacy: roleMembers(['@acme/sre', '@dave']),
    count: fc.constantFrom(1, 2),
    waivers: fc.option(fc.subarray(['ml-lead', 'sre', 'privacy'], { minLength: 1 }), { nil: undefined }),
    allow_author: fc.boolean(),
    invalidate_on_push: fc.boolean(),
    distinct_people: fc.boolean(),
  })
  .map((c) => ({
    scope: { paths: ['models/**'] },
    roles: { 'ml-lead': c.ml, sre: c.sre, privacy: c.privacy },
    signoffs: [{ role: 'ml-lead', count: c.count }, { role: 'sre', when: { paths: ['models/serving/**'] } }, { role: 'privacy', when: { labels: ['impact:high'] } }],
    evidence: [{ id: 'card', title: 'Card', owner: 'ml-lead', file: 'docs/card.md' }],
    ...(c.waivers ? { waivers: { approvers: c.waivers, max_days: 30 } } : {}),
    signoff_policy: { allow_author: c.allow_author, invalidate_on_push: c.invalidate_on_push, distinct_people: c.distinct_people },
  }));

const body = fc.oneof(
  fc.constantFrom(
    '/signoff ml-lead',
    '/signoff sre privacy',
    '/signoff ml-lead looks good sre',
    '/signoff nope',
    '/revoke ml-lead',
    '/waive card 5d ok',
    '/waive card 90d too long',
    '/waive nope 5d',
    '/readiness',
    'looks fine',
    '/signoff privacy\n/waive card 3d later',
    '> /signoff ml-lead',
  ),
  fc.string({ maxLength: 20 }),
);

/** One conversation entry as GitHub knows it (`truly…`) and as REST lists it. */
interface TrueEntry {
  listed: ConversationEntry;
  trulyEdited: boolean;
  trulyDismissed?: ConversationEntry['dismissedState'];
}

const entry = (index: number): fc.Arbitrary<TrueEntry> =>
  fc
    .record({
      source: fc.constantFrom<ConversationEntry['source']>('comment', 'review', 'review_comment'),
      author: fc.constantFrom(...PEOPLE),
      body,
      at: fc.constantFrom('2026-03-01T07:00:00Z', '2026-03-01T09:00:00Z', '2026-03-01T11:00:00Z', '2026-03-01T13:00:00Z', 'nonsense'),
      restEdited: fc.boolean(),
      trulyEdited: fc.boolean(),
      commit: fc.constantFrom(...SHAS),
      state: fc.constantFrom('APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING'),
      dismissed: fc.constantFrom('APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', undefined),
    })
    .map((e): TrueEntry => {
      const review = e.source === 'review';
      const listed: ConversationEntry = {
        key: `${e.source}:${index}`,
        source: e.source,
        author: e.author,
        body: e.body,
        createdAt: e.at,
        // REST sees some edits of comments (a later updated_at), none of reviews.
        edited: !review && e.restEdited,
        commitSha: e.source === 'comment' ? null : e.commit,
        ...(review ? { reviewState: e.state as NonNullable<ConversationEntry['reviewState']> } : {}),
      };
      const trulyEdited = listed.edited || e.trulyEdited;
      return review && e.state === 'DISMISSED' ? { listed, trulyEdited, trulyDismissed: e.dismissed as ConversationEntry['dismissedState'] } : { listed, trulyEdited };
    });

const conversation = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => entry(i))));

const comparison = (fromSha: string): fc.Arbitrary<ChangesSince> =>
  fc
    .record({
      status: fc.constantFrom('ahead', 'behind', 'diverged', 'identical'),
      files: fc.subarray(['models/a.onnx', 'docs/notes.txt', '.github/readiness.yml']),
      unknown: fc.boolean(),
    })
    .map((c) => ({ fromSha, commits: [HEAD], files: c.files, status: c.status as ChangesSince['status'], ...(c.unknown ? { unknown: true } : {}) }));

const world = fc.record({
  contract: contractInput,
  conversation,
  /** The truth about every (team, login), indexed by TEAMS × PEOPLE. */
  active: fc.array(fc.boolean(), { minLength: TEAMS.length * PEOPLE.length, maxLength: TEAMS.length * PEOPLE.length }),
  comparisons: fc.tuple(...OLDER.map(comparison)),
  files: fc.subarray(['models/a.onnx', 'models/serving/app.py', '.github/readiness.yml'], { minLength: 1 }),
  labels: fc.subarray(['impact:high']),
});

type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

function isActive(w: World, team: string, login: string): boolean {
  const person = PEOPLE.findIndex((p) => p.login.toLowerCase() === login.toLowerCase());
  return person >= 0 && w.active[TEAMS.indexOf(team) * PEOPLE.length + person] === true;
}

function base(w: World): Snapshot {
  return buildSnapshot({ files: w.files, labels: w.labels, headSha: HEAD, evidence: { 'docs/card.md': '# Card' } });
}

/** What the app gathers: each step asks GitHub only what the needs name, and GitHub answers truthfully. */
function gathered(w: World): Snapshot {
  const contract = buildContract(w.contract);
  const snapshot = base(w);
  const history = historyNeeds(w.conversation.map((e) => e.listed));
  const asked = new Set(history.editsOf);
  const withHistory = w.conversation.map(({ listed, trulyEdited, trulyDismissed }) => ({
    ...listed,
    ...(asked.has(listed.key) ? { edited: trulyEdited } : {}),
    ...(history.dismissedStates && trulyDismissed !== undefined ? { dismissedState: trulyDismissed } : {}),
  }));
  const pinned = pinCommentSignoffs(withHistory, PERIODS, pinNeeds(contract, snapshot.pull, withHistory));
  const needs = conversationNeeds(contract, snapshot.pull, pinned);
  return {
    ...snapshot,
    conversation: pinned,
    teamMemberships: needs.memberships.map(({ team, login }) => ({ team, login, active: isActive(w, team, login) })),
    changesSince: w.comparisons.filter((c) => needs.comparisons.includes(c.fromSha)),
  };
}

/** Everything there is to know. */
function allKnowing(w: World): Snapshot {
  const truth = w.conversation.map(({ listed, trulyEdited, trulyDismissed }) => ({
    ...listed,
    edited: trulyEdited,
    ...(trulyDismissed !== undefined ? { dismissedState: trulyDismissed } : {}),
  }));
  return {
    ...base(w),
    conversation: pinCommentSignoffs(truth, PERIODS, new Set(truth.map((e) => e.key))),
    teamMemberships: TEAMS.flatMap((team) => PEOPLE.map((p) => ({ team, login: p.login, active: isActive(w, team, p.login) }))),
    changesSince: [...w.comparisons],
  };
}

describe('the facts an evaluation needs', () => {
  it('cover every membership, comparison, edit state, earlier review state and pin the judge reads', () => {
    fc.assert(
      fc.property(world, (w) => {
        const compiled = compileContract(buildContract(w.contract));
        expect(evaluate(compiled, gathered(w), NOW)).toEqual(evaluate(compiled, allKnowing(w), NOW));
      }),
      { numRuns: 400 },
    );
  });

  it('control: the all-knowing snapshot differs from one that knows nothing beyond the listing, so the property can fail', () => {
    let differed = 0;
    fc.assert(
      fc.property(world, (w) => {
        const compiled = compileContract(buildContract(w.contract));
        const knowsNothing: Snapshot = { ...base(w), conversation: w.conversation.map((e) => e.listed) };
        if (JSON.stringify(evaluate(compiled, knowsNothing, NOW)) !== JSON.stringify(evaluate(compiled, allKnowing(w), NOW))) differed += 1;
      }),
      { numRuns: 400 },
    );
    expect(differed).toBeGreaterThan(40);
  });
});
