import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isPlaceholderLine, readSections, sectionKey } from '../../src/evaluate/markdown-sections.js';

function summary(markdown: string): [string, number, number, boolean][] {
  return readSections(markdown).map((s) => [s.title, s.level, s.line, s.hasContent]);
}

describe('readSections', () => {
  it('reads ATX headings of every level, with closing #s and content up to the next same-level heading', () => {
    const markdown = [
      '# Model card', // 1
      '', // 2
      '## Intended use ##', // 3
      'Scoring loan applications.', // 4
      '### Out of scope', // 5
      '## Limitations', // 6
      '###### Deep', // 7
      'text', // 8
      '## C#', // 9
    ].join('\n');
    expect(summary(markdown)).toEqual([
      ['Model card', 1, 1, true],
      ['Intended use', 2, 3, true],
      ['Out of scope', 3, 5, false],
      ['Limitations', 2, 6, true],
      ['Deep', 6, 7, true],
      ['C#', 2, 9, false],
    ]);
  });

  it('reads setext headings and keeps thematic breaks and list items out of them', () => {
    const markdown = ['Intended use', '============', 'text', '', 'Limits', '---', '', '---', '', '- item', '---'].join('\n');
    expect(summary(markdown)).toEqual([
      ['Intended use', 1, 1, true],
      ['Limits', 2, 5, true],
    ]);
  });

  it('ignores headings inside fenced code blocks, but the code counts as content', () => {
    const markdown = ['## Rollback', '```sh', '# kubectl rollout undo', '```', '## Escalation', '~~~', '~~~'].join('\n');
    expect(summary(markdown)).toEqual([
      ['Rollback', 2, 1, true],
      ['Escalation', 2, 5, false],
    ]);
  });

  it('skips YAML front matter', () => {
    const markdown = ['---', 'license: mit', '---', '# Card', 'text'].join('\n');
    expect(summary(markdown)).toEqual([['Card', 1, 4, true]]);
  });

  it('treats placeholders and HTML comments as empty', () => {
    const markdown = [
      '## A',
      'TODO: write this',
      '- TBD',
      '## B',
      '<!-- fill in',
      'later -->',
      '[More Information Needed]',
      '## C',
      'N/A',
      '…',
      '...',
      '## D',
      'Todoist is not involved.',
    ].join('\r\n');
    expect(summary(markdown).map(([title, , , content]) => [title, content])).toEqual([
      ['A', false],
      ['B', false],
      ['C', false],
      ['D', true],
    ]);
  });

  it('does not take indented lines for headings', () => {
    expect(summary('    # not a heading\n#not either')).toEqual([]);
  });

  it('never throws and gives 1-based lines within the document', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('# a', '## b', 'text', '', '---', '===', '```', '~~~', 'TODO', '<!--', '-->', '- x'), { maxLength: 40 }), (lines) => {
        for (const section of readSections(lines.join('\n'))) {
          expect(section.line).toBeGreaterThanOrEqual(1);
          expect(section.line).toBeLessThanOrEqual(Math.max(lines.length, 1));
        }
      }),
    );
  });
});

describe('sectionKey and isPlaceholderLine', () => {
  it('ignores case, spacing, emphasis and a trailing colon in headings', () => {
    expect(sectionKey('  **Failure   Modes:** ')).toBe('failure modes');
    expect(sectionKey('Intended use')).toBe(sectionKey('INTENDED USE'));
  });

  it.each([
    ['TODO', true],
    ['todo: later', true],
    ['> TBD.', true],
    ['* [ ] TODO', true],
    ['_N/A_', true],
    ['', true],
    ['Not applicable to minors', false],
    ['N/A because the model is internal', false],
  ])('%j is a placeholder: %s', (line, expected) => {
    expect(isPlaceholderLine(line)).toBe(expected);
  });
});
