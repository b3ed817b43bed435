import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { normaliseText } from '../../src/evaluate/markdown-sections.js';
import { inlineLines, inlineTextLines } from '../../src/evaluate/markdown-text.js';

const markdownIt = new MarkdownIt('commonmark');

/** What markdown-it itself renders of an inline run. */
function viaMarkdownIt(raw: string) {
  return inlineLines(markdownIt.parseInline(raw, {})[0]?.children ?? []);
}

describe('inline text', () => {
  it('reads plain prose and its line breaks as markdown-it does', () => {
    expect(inlineTextLines('one  \n  two \nthree\t\n\tfour  ', {})).toEqual([{ text: 'one' }, { text: 'two' }, { text: 'three\t' }, { text: 'four  ' }]);
    expect(inlineTextLines('one  \n  two \nthree\t\n\tfour  ', {})).toEqual(viaMarkdownIt('one  \n  two \nthree\t\n\tfour  '));
  });

  it('leaves text with markup to markdown-it', () => {
    expect(inlineTextLines('**Developed by:** TODO', {})).toEqual([{ text: 'Developed by: TODO', labelEnd: 13 }]);
    expect(inlineTextLines('a &amp; b <!-- c --> `d`', {})).toEqual([{ text: 'a & b  d' }]);
  });

  it('renders any text exactly as markdown-it does', () => {
    const alphabet = fc.constantFrom(
      'a', 'B', '1', ' ', '  ', '\t', '\n', '.', ',', ':', '-', '#', '=', '+', '{', '}', '(', ')', '|', '/', '"', "'", '$', '%', '@', '^', '>', '\r', '\0', '\u00a0', 'é', '\u200b',
      '\\', '`', '*', '_', '[', ']', '!', '<', '&', '~', '&amp;', '<b>', '**x**', '[x](y)', '<!--', '-->', '\\\n',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')), (raw) => {
        expect(inlineTextLines(raw, {})).toEqual(viaMarkdownIt(raw));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('normaliseText', () => {
  it('gives ASCII text what the full Unicode treatment gives', () => {
    const full = (text: string) => text.normalize('NFC').replace(/[\p{Default_Ignorable_Code_Point}\u2800]/gu, '').replace(/\s+/g, ' ').trim();
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 })), (text) => {
        expect(normaliseText(text)).toBe(full(text));
      }),
      { numRuns: 3000 },
    );
    expect(normaliseText(' To\u200bDo\u00a0 \t x ')).toBe('ToDo x');
  });
});
