import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isPlaceholderText, judgeSections, readSections, sectionKey } from '../../src/evaluate/markdown-sections.js';

function summary(markdown: string): [string, number, number, boolean][] {
  return readSections(markdown).map((s) => [s.title, s.level, s.line, s.hasContent]);
}

/** Whether the section with this title has content; throws when there is no such heading. */
function contentOf(markdown: string, title: string): boolean {
  const section = readSections(markdown).find((s) => s.key === sectionKey(title));
  if (!section) throw new Error(`no heading ${title} in ${JSON.stringify(markdown)}`);
  return section.hasContent;
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

  it('skips YAML front matter and a BOM, keeping line numbers, with CRLF line ends', () => {
    expect(summary(['---', 'license: mit', '---', '# Card', 'text'].join('\n'))).toEqual([['Card', 1, 4, true]]);
    expect(summary(['\uFEFF---', 'title: x', '...', '', '## Card', 'text'].join('\r\n'))).toEqual([['Card', 2, 5, true]]);
    // Without a closing line it is no front matter: CommonMark reads a thematic break and a setext heading.
    expect(summary(['---', 'Title', '===', 'text'].join('\n'))).toEqual([['Title', 1, 2, true]]);
  });

  it('takes the plain text of a heading: markup removed, entities decoded, spacing and invisible characters normalised', () => {
    const markdown = [
      '## **Limitations**',
      '## [Failure modes](#failure-modes)',
      '## Risks &amp; limitations',
      '## Intended\u00a0  use <a id="use"></a>',
      '## `eval` ![chart](c.png) re\u200bsults',
      '## Data*sheet*',
    ].join('\n');
    expect(readSections(markdown).map((s) => s.title)).toEqual([
      'Limitations',
      'Failure modes',
      'Risks & limitations',
      'Intended use',
      'eval chart results',
      'Datasheet',
    ]);
  });

  it('ends a section at a heading inside a quote or list item, as CommonMark makes those headings', () => {
    const markdown = ['## Limitations', 'TODO', '> ## Notes', '> Real text.', '- ## Risks', '  More text.'].join('\n');
    expect(summary(markdown)).toEqual([
      ['Limitations', 2, 1, false],
      ['Notes', 2, 3, true],
      ['Risks', 2, 5, true],
    ]);
  });

  it('does not take indented lines for headings', () => {
    expect(summary('    # not a heading\n#not either')).toEqual([]);
  });

  it('never throws and gives 1-based lines within the document', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('# a', '## b', 'text', '', '---', '===', '```', '~~~', 'TODO', '<!--', '-->', '- x', '> q', '<div>', '\uFEFF', '\r'), { maxLength: 40 }),
        (lines) => {
          for (const section of readSections(lines.join('\n'))) {
            expect(section.line).toBeGreaterThanOrEqual(1);
            expect(section.line).toBeLessThanOrEqual(Math.max(lines.join('\n').split(/\r\n|\r|\n/).length, 1));
          }
        },
      ),
    );
  });
});

describe('what counts as content', () => {
  it.each([
    ['a placeholder word', '## A\nTODO: write this\n- TBD\n'],
    ['N/A, dots and an ellipsis', '## A\nN/A\n\n...\n\n…\n'],
    ['a bracketed Hugging Face placeholder', '## A\n[More Information Needed]\n'],
    ['an HTML comment over several lines', '## A\n<!-- fill in\n\nlater -->\n'],
    ['an unclosed HTML comment', '## A\n<!-- fill in\n\nreal-looking text\n'],
    ['an inline HTML comment', '## A\nTODO <!-- the owner writes this -->\n'],
    ['a link reference definition used as a comment', '## A\n[//]: # (TODO)\n'],
    ['a whitespace entity', '## A\n&nbsp;\n'],
    ['a whitespace entity in HTML', '## A\n<p>&nbsp;&#160;</p>\n'],
    ['an HTML paragraph around a placeholder', '## A\n<p>TODO</p>\n'],
    ['a placeholder split by a zero-width space', '## A\nTO\u200bDO\n'],
    ['a placeholder split by a soft hyphen and a word joiner', '## A\nT\u00adB\u2060D\n'],
    ['a braille blank', '## A\n\u2800\n'],
    ['empty HTML', '## A\n<div align="center">\n<img src="x.png">\n</div>\n'],
    ['a script', '## A\n<script>\nreal text\n</script>\n'],
    ['bold labels followed by placeholders', '## A\n- **Developed by:** [More Information Needed]\n- **Shared by** : TBD\n- *Model type:*\n'],
    ['a task list item', '## A\n- [ ] TODO\n'],
    ['a thematic break', '## A\n\n***\n'],
  ])('%s is not content', (_name, markdown) => {
    expect(contentOf(markdown, 'A')).toBe(false);
  });

  it.each([
    ['a sentence', '## A\nNot for credit decisions.\n'],
    ['a label with a value', '## A\n- **Developed by:** the churn team\n'],
    ['a bold statement', '## A\n**Not for medical use.**\n'],
    ['text inside an HTML block', '## A\n<details>\n<summary>Known failure modes</summary>\nDrifts in December.\n</details>\n'],
    ['a word that starts like a placeholder', '## A\nTodoist is not involved.\n'],
    ['N/A with a reason', '## A\nN/A because the model is internal\n'],
    ['a code block', '## A\n```\nkubectl rollout undo\n```\n'],
    ['an image with alt text', '## A\n![ROC curve of the churn model](roc.png)\n'],
    ['text in a nested section', '## A\n### B\nDetails.\n'],
  ])('%s is content', (_name, markdown) => {
    expect(contentOf(markdown, 'A')).toBe(true);
  });
});

describe('sectionKey and isPlaceholderText', () => {
  it('ignores case, spacing, invisible characters and a trailing colon', () => {
    expect(sectionKey('  Failure \u00a0 Modes: ')).toBe('failure modes');
    expect(sectionKey('Intended\u200b use')).toBe(sectionKey('INTENDED USE'));
  });

  it.each([
    ['TODO', true],
    ['todo: later', true],
    ['TBD.', true],
    ['[ ] TODO', true],
    ['(N/A)', true],
    ['', true],
    ['—', true],
    ['Not applicable to minors', false],
    ['N/A because the model is internal', false],
  ])('%j is a placeholder: %s', (line, expected) => {
    expect(isPlaceholderText(line)).toBe(expected);
  });
});

describe('judgeSections against a template', () => {
  const template = readSections('## Limitations\n<!-- guidance -->\nDescribe where the model must not be used.\n\n## Other\nShared text.\n');
  const judge = (card: string) =>
    judgeSections(
      readSections(card).filter((s) => s.key === 'limitations'),
      template.filter((s) => s.key === 'limitations'),
    );

  it('calls a section that only repeats the template, however reflowed or re-cased, the template', () => {
    expect(judge('## Limitations\nDescribe where the model\nmust NOT be used.\n')).toBe('template');
    expect(judge('## Limitations\nDescribe where the model must not be used.\n\nTODO\n')).toBe('template');
  });

  it('calls a section with text of its own content, and one with nothing a placeholder', () => {
    expect(judge('## Limitations\nDescribe where the model must not be used.\n\nNot for credit decisions.\n')).toBe('content');
    expect(judge('## Limitations\nTBD\n')).toBe('placeholder');
  });

  it("compares with the template's section of the same heading only", () => {
    expect(judge('## Limitations\nShared text.\n')).toBe('content');
  });
});
