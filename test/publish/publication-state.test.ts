import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { emptyPublicationState, readPublicationState, writePublicationState, type PublicationState } from '../../src/publish/publication-state.js';

const sample: PublicationState = {
  gapIssues: { 'model-card': { number: 12, state: 'open' }, evaluation: { number: 9, state: 'closed' } },
  reviewRequested: ['@bob', '@acme/ml-leads', '@alice'],
};

describe('publication state', () => {
  it('writes one hidden line with sorted keys and lists, and reads it back', () => {
    const line = writePublicationState(sample);

    expect(line).toBe(
      '<!-- readiness-gate:state {"gapIssues":{"evaluation":{"number":9,"state":"closed"},"model-card":{"number":12,"state":"open"}},"reviewRequested":["@acme/ml-leads","@alice","@bob"]} -->',
    );
    expect(readPublicationState(`## Production readiness\n\n| table |\n\n${line}\n`)).toEqual({
      gapIssues: sample.gapIssues,
      reviewRequested: ['@acme/ml-leads', '@alice', '@bob'],
    });
  });

  it('writes the same line for the same state, whatever order it was built in', () => {
    const reordered: PublicationState = {
      gapIssues: { evaluation: { state: 'closed', number: 9 } as never, 'model-card': { number: 12, state: 'open' } },
      reviewRequested: ['@alice', '@bob', '@acme/ml-leads', '@alice'],
    };

    expect(writePublicationState(reordered)).toBe(writePublicationState(sample));
  });

  it('cannot close its own HTML comment early, even with `--` in a login', () => {
    const line = writePublicationState({ gapIssues: {}, reviewRequested: ['@a--b', '@c---->d'] });

    expect(line.indexOf('-->')).toBe(line.length - 3);
    expect(readPublicationState(line).reviewRequested).toEqual(['@a--b', '@c---->d']);
  });

  it.each([
    ['no comment', null],
    ['an empty comment', ''],
    ['a comment without state', '## Production readiness'],
    ['broken JSON', '<!-- readiness-gate:state {"gapIssues": -->'],
    ['a list', '<!-- readiness-gate:state {"gapIssues":[1]} -->'],
    ['not even an object', '<!-- readiness-gate:state {} x} -->'],
  ])('reads %s as the empty state', (_what, body) => {
    expect(readPublicationState(body)).toEqual(emptyPublicationState());
  });

  it('keeps the good part when the other part is damaged', () => {
    const body = '<!-- readiness-gate:state {"gapIssues":{"evaluation":{"number":3,"state":"open"}},"reviewRequested":"everyone"} -->';

    expect(readPublicationState(body)).toEqual({ gapIssues: { evaluation: { number: 3, state: 'open' } }, reviewRequested: [] });
  });

  it('drops issue records that are not evidence ids or not issue numbers', () => {
    const records = [
      '{"gapIssues":{"__proto__":{"number":1,"state":"open"}}}',
      '{"gapIssues":{"evaluation":{"number":-1,"state":"open"}}}',
      '{"gapIssues":{"evaluation":{"number":1,"state":"locked"}}}',
    ];
    for (const json of records) {
      const state = readPublicationState(`<!-- readiness-gate:state ${json} -->`);
      expect(state.gapIssues).toEqual({});
      expect(Object.getPrototypeOf(state.gapIssues)).toBe(Object.prototype);
    }
  });

  it('takes the last state line, the one the app appends, over a look-alike earlier in the comment', () => {
    const fake = writePublicationState({ gapIssues: { evaluation: { number: 666, state: 'closed' } }, reviewRequested: [] });

    expect(readPublicationState(`${fake}\n\n${writePublicationState(sample)}`).gapIssues).toEqual(sample.gapIssues);
  });

  it('round-trips any state on one line', () => {
    const id = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/);
    const state = fc.record({
      gapIssues: fc.dictionary(id, fc.record({ number: fc.integer({ min: 1, max: 1e9 }), state: fc.constantFrom('open' as const, 'closed' as const) })),
      reviewRequested: fc.uniqueArray(fc.string({ minLength: 2, maxLength: 40 }).map((s) => `@${s}`), { maxLength: 10 }),
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
});
