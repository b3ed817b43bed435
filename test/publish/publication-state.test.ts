import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  emptyPublicationState,
  readPublicationState as readWith,
  replacePublicationState,
  writePublicationState as writeWith,
  type PublicationState,
} from '../../src/publish/publication-state.js';
import { stateKey, stateSeal } from '../../src/publish/state-seal.js';

const KEY = stateKey('test-secret');
const PULL = { owner: 'acme', repo: 'churn', number: 7 };
const seal = stateSeal(KEY, PULL);
const readPublicationState = (body: string | null) => readWith(body, seal);
const writePublicationState = (state: PublicationState) => writeWith(state, seal);
/** A line in the app's format, with a signature, for hand-written JSON. */
const signedLine = (json: string) => `<!-- readiness-gate:state ${json} ${seal.sign(json)} -->`;

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const sample: PublicationState = {
  gapIssues: { 'model-card': { number: 12, state: 'open' }, evaluation: { number: 9, state: 'closed' } },
  reviewRequested: ['@bob', '@acme/ml-leads', '@alice'],
  heads: [
    { sha: B, since: '2026-11-22T11:00:00.000Z' },
    { sha: A, since: '2026-11-22T08:00:00.000Z' },
  ],
};

describe('publication state', () => {
  it('writes one hidden line with sorted keys and lists, and reads it back', () => {
    const line = writePublicationState(sample);

    const json =
      '{"gapIssues":{"evaluation":{"number":9,"state":"closed"},"model-card":{"number":12,"state":"open"}},"reviewRequested":["@acme/ml-leads","@alice","@bob"],' +
      `"heads":[{"sha":"${A}","since":"2026-11-22T08:00:00.000Z"},{"sha":"${B}","since":"2026-11-22T11:00:00.000Z"}]}`;
    expect(line).toBe(`<!-- readiness-gate:state ${json} ${seal.sign(json)} -->`);
    expect(line).toMatch(/ [0-9a-f]{64} -->$/);
    expect(readPublicationState(`## Production readiness\n\n| table |\n\n${line}\n`)).toEqual({
      gapIssues: sample.gapIssues,
      reviewRequested: ['@acme/ml-leads', '@alice', '@bob'],
      heads: [sample.heads[1], sample.heads[0]],
    });
  });

  it('writes the same line for the same state, whatever order it was built in', () => {
    const reordered: PublicationState = {
      gapIssues: { evaluation: { state: 'closed', number: 9 } as never, 'model-card': { number: 12, state: 'open' } },
      reviewRequested: ['@alice', '@bob', '@acme/ml-leads', '@alice'],
      heads: [...sample.heads].reverse(),
    };

    expect(writePublicationState(reordered)).toBe(writePublicationState(sample));
  });

  it('cannot close its own HTML comment early, even with `--` in a login', () => {
    const line = writePublicationState({ gapIssues: {}, reviewRequested: ['@a--b', '@c---->d'], heads: [] });

    expect(line.indexOf('-->')).toBe(line.length - 3);
    expect(readPublicationState(line).reviewRequested).toEqual(['@a--b', '@c---->d']);
  });

  it.each([
    ['no comment', null],
    ['an empty comment', ''],
    ['a comment without state', '## Production readiness'],
    ['broken JSON', signedLine('{"gapIssues":}')],
    ['a list', signedLine('{"gapIssues":[1]}')],
    ['not even an object', '<!-- readiness-gate:state {} x} -->'],
  ])('reads %s as the empty state', (_what, body) => {
    expect(readPublicationState(body)).toEqual(emptyPublicationState());
  });

  it('keeps the good part when the other part is damaged', () => {
    const body = signedLine('{"gapIssues":{"evaluation":{"number":3,"state":"open"}},"reviewRequested":"everyone","heads":[{"sha":"x","since":"now"}]}');

    expect(readPublicationState(body)).toEqual({ gapIssues: { evaluation: { number: 3, state: 'open' } }, reviewRequested: [], heads: [] });
  });

  it('drops issue records that are not evidence ids or not issue numbers', () => {
    const records = [
      '{"gapIssues":{"__proto__":{"number":1,"state":"open"}}}',
      '{"gapIssues":{"evaluation":{"number":-1,"state":"open"}}}',
      '{"gapIssues":{"evaluation":{"number":1,"state":"locked"}}}',
    ];
    for (const json of records) {
      const state = readPublicationState(signedLine(json));
      expect(state.gapIssues).toEqual({});
      expect(Object.getPrototypeOf(state.gapIssues)).toBe(Object.prototype);
    }
  });

  it('takes the last state line, the one the app appends, over a look-alike earlier in the comment', () => {
    const fake = writePublicationState({ gapIssues: { evaluation: { number: 666, state: 'closed' } }, reviewRequested: [], heads: [] });

    expect(readPublicationState(`${fake}\n\n${writePublicationState(sample)}`).gapIssues).toEqual(sample.gapIssues);
  });

  it('round-trips any state on one line', () => {
    const id = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/);
    const state = fc.record({
      gapIssues: fc.dictionary(id, fc.record({ number: fc.integer({ min: 1, max: 1e9 }), state: fc.constantFrom('open' as const, 'closed' as const) })),
      reviewRequested: fc.uniqueArray(fc.string({ minLength: 2, maxLength: 40 }).map((s) => `@${s}`), { maxLength: 10 }),
      heads: fc.constant<PublicationState['heads']>([]),
    });
    fc.assert(
      fc.property(state, (given) => {
        const line = writePublicationState(given);
        expect(line).not.toContain('\n');
        expect(line.indexOf('-->')).toBe(line.length - 3);
        const back = readPublicationState(`before\n${line}\nafter`);
        expect(back.gapIssues).toEqual(given.gapIssues);
        expect(back.reviewRequested).toEqual([...given.reviewRequested].sort());
      }),
    );
  });

  describe('its signature', () => {
    const forged = '{"gapIssues":{"evaluation":{"number":77,"state":"open"}},"reviewRequested":[],"heads":[]}';

    it('rejects a line whose JSON was edited after signing, or that carries no signature', () => {
      const line = writePublicationState(sample);
      const edited = line.replace('"number":12', '"number":77');
      expect(edited).not.toBe(line);
      expect(readPublicationState(edited)).toEqual(emptyPublicationState());
      expect(readPublicationState(`<!-- readiness-gate:state ${forged} -->`)).toEqual(emptyPublicationState());
      expect(readPublicationState(`<!-- readiness-gate:state ${forged} ${'0'.repeat(64)} -->`)).toEqual(emptyPublicationState());
    });

    it('rejects a state signed for another pull request, another repository, or with another secret', () => {
      const elsewhere = [
        stateSeal(KEY, { ...PULL, number: 8 }),
        stateSeal(KEY, { ...PULL, repo: 'other' }),
        stateSeal(stateKey('another-secret'), PULL),
        stateSeal(stateKey(undefined), PULL),
      ];
      for (const other of elsewhere) {
        expect(readPublicationState(writeWith(sample, other))).toEqual(emptyPublicationState());
      }
    });

    it('verifies for the same pull request named in another letter case (control)', () => {
      const same = stateSeal(KEY, { owner: 'ACME', repo: 'Churn', number: 7 });
      expect(readPublicationState(writeWith(sample, same)).gapIssues).toEqual(sample.gapIssues);
    });

    it('draws a random key per process without a secret, so two processes never verify each other', () => {
      const one = stateSeal(stateKey(undefined), PULL);
      const two = stateSeal(stateKey(''), PULL);
      expect(readWith(writeWith(sample, one), one).gapIssues).toEqual(sample.gapIssues);
      expect(readWith(writeWith(sample, one), two)).toEqual(emptyPublicationState());
    });

    it('does not let a forged line appended after the app’s own one take over', () => {
      const body = `${writePublicationState(sample)}\n<!-- readiness-gate:state ${forged} ${'f'.repeat(64)} -->`;
      expect(readPublicationState(body)).toEqual(emptyPublicationState());
    });

    it('replaces every state line, signed or not, with one signed line', () => {
      const body = `checklist\n<!-- readiness-gate:state ${forged} -->\n${writePublicationState(sample)}`;
      const replaced = replacePublicationState(body, emptyPublicationState(), seal);
      expect(replaced).toBe(`checklist\n${writePublicationState(emptyPublicationState())}`);
    });
  });
});
