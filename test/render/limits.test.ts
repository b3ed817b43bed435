import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { cutMarkdown, shorten, truncateToBytes, utf8Length } from '../../src/render/limits.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('truncateToBytes', () => {
  it('never splits a surrogate pair or a multi-byte character', () => {
    const text = 'ab😀cd';
    expect(truncateToBytes(text, 5)).toBe('ab');
    expect(truncateToBytes(text, 6)).toBe('ab😀');
    expect(truncateToBytes('ééé', 3)).toBe('é');
  });

  it('shortens with an ellipsis within the byte limit', () => {
    const short = shorten('x'.repeat(300), 255);
    expect(utf8Length(short)).toBeLessThanOrEqual(255);
    expect(short.endsWith('…')).toBe(true);
    expect(shorten('fits', 255)).toBe('fits');
  });
});

describe('cutMarkdown', () => {
  it('returns text within the limit unchanged', () => {
    expect(cutMarkdown('| a |\n| - |\n', 100, 'cut')).toBe('| a |\n| - |\n');
  });

  it('cuts at a line boundary and separates the notice from a table', () => {
    const table = ['| a | b |', '| - | - |', ...Array.from({ length: 50 }, (_, i) => `| row ${i} | 😀😀 |`)].join('\n');
    const cut = cutMarkdown(table, 300, 'CUT');
    expect(utf8Length(cut)).toBeLessThanOrEqual(300);
    expect(cut.endsWith('\n\nCUT\n')).toBe(true);
    const body = cut.slice(0, cut.indexOf('\n\nCUT'));
    expect(table.startsWith(body)).toBe(true);
    expect(table[body.length]).toBe('\n');
  });

  it('closes a code fence and <details> blocks that the cut leaves open', () => {
    const text = ['<details>', '<summary>s</summary>', '', '```', ...Array.from({ length: 40 }, () => 'code line'), '```', '</details>'].join('\n');
    const cut = cutMarkdown(text, 200, 'CUT');
    expect(cut).toMatch(/code line\n```\n<\/details>\n\nCUT\n$/);
    expect(utf8Length(cut)).toBeLessThanOrEqual(200);
  });

  it('keeps every result within the limit, a whole-line prefix, and free of split characters', () => {
    const line = fc.string({ unit: fc.constantFrom('a', '|', ' ', 'é', '😀', '中', '`', '<details>'), maxLength: 40 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.integer({ min: 20, max: 600 }), (lines, limit) => {
        const text = lines.join('\n');
        const cut = cutMarkdown(text, limit, 'CUT');
        expect(utf8Length(cut)).toBeLessThanOrEqual(limit);
        expect(LONE_SURROGATE.test(cut)).toBe(false);
        if (utf8Length(text) <= limit) {
          expect(cut).toBe(text);
          return;
        }
        expect(cut.endsWith('\n\nCUT\n')).toBe(true);
        const kept = cut.slice(0, -'\n\nCUT\n'.length).replace(/(\n`{3,})?(\n<\/details>)*$/, '');
        expect(text.startsWith(kept)).toBe(true);
        expect(kept === '' || kept.length === text.length || text[kept.length] === '\n').toBe(true);
      }),
    );
  });
});
