/**
 * Sections judged by the evaluator: the attacks of issue 10 §5 (a section that
 * exists only where a reader cannot see it) beside the legitimate control, and
 * cards made from a template, left untouched and filled in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { readSections } from '../../src/evaluate/markdown-sections.js';
import type { EvidenceFileFact } from '../../src/facts/snapshot.js';
import { PACKAGED_TEMPLATES_DIR } from '../../src/render/templates.js';
import { buildContract, buildSnapshot } from '../support/snapshot-builder.js';
import type { SnapshotSpec } from '../support/snapshot-builder.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const CARD = 'docs/model-card.md';
const TEMPLATE = 'docs/templates/model-card.md';
const SECTIONS = ['Intended use', 'Out-of-scope use', 'Limitations', 'Known failure modes', 'Human oversight', 'Support', 'Residual risks'];

function judge(item: Record<string, unknown>, spec: SnapshotSpec) {
  const contract = buildContract({
    scope: { paths: ['models/**'] },
    roles: { 'ml-lead': ['@alice'] },
    evidence: [{ id: 'card', title: 'Model card', owner: 'ml-lead', file: CARD, ...item }],
  });
  const [result] = evaluate(compileContract(contract), buildSnapshot({ files: ['models/m.py'], ...spec }), NOW).evidence;
  return { status: result?.status, problems: result?.problems.map((p) => p.message) };
}

describe('a section a reader cannot see is a gap', () => {
  const ATTACKS: Record<string, string> = {
    'inside an HTML comment': '# Card\n\n<!--\n## Limitations\nNot for credit decisions.\n-->\n',
    'inside a one-line comment': '# Card\n\n<!-- ## Limitations Not for credit decisions. -->\n',
    'after an unclosed comment': '# Card\n\n<!-- draft\n\n## Limitations\n\nNot for credit decisions.\n',
    'inside a fenced code block': '# Card\n\n```\n## Limitations\nNot for credit decisions.\n```\n',
    'inside an HTML block': '# Card\n\n<div>\n## Limitations\nNot for credit decisions.\n</div>\n',
  };

  it.each(Object.entries(ATTACKS))('%s', (_name, card) => {
    expect(judge({ sections: ['Limitations'] }, { evidence: { [CARD]: card } })).toEqual({
      status: 'missing',
      problems: ["section 'Limitations' is missing (no heading with that text)"],
    });
  });

  it.each([
    ['a comment', '## Limitations\n<!-- Not for credit decisions. -->\n'],
    ['a link reference definition', '## Limitations\n[//]: # (Not for credit decisions.)\n'],
    ['a zero-width TODO and a whitespace entity', '## Limitations\nTO\u200bDO\n\n&nbsp;\n'],
    ['a placeholder in HTML', '## Limitations\n<p>TBD</p>\n'],
  ])('a section whose only text is inside %s is a placeholder', (_name, card) => {
    expect(judge({ sections: ['Limitations'] }, { evidence: { [CARD]: card } })).toEqual({
      status: 'missing',
      problems: ["section 'Limitations' (line 1) is empty or only a placeholder"],
    });
  });

  it('control: the same section, visible, is met; so are headings written with markup or entities', () => {
    const card = '# Card\n\n## **Limitations**\n\nNot for credit decisions.\n\n## Risks &amp; mitigations\n\nDrift is watched daily.\n';
    expect(judge({ sections: ['Limitations', 'Risks & mitigations'] }, { evidence: { [CARD]: card } })).toEqual({ status: 'met', problems: [] });
  });
});

describe('cards made from a template', () => {
  const template = readFileSync(join(PACKAGED_TEMPLATES_DIR, 'model-card.md'), 'utf8');
  const item = { sections: SECTIONS, template: TEMPLATE };

  it('fails every section of a card that is the template, untouched, each at its line', () => {
    const lineOf = (title: string) => readSections(template).find((s) => s.title === title)?.line;
    expect(judge(item, { evidence: { [CARD]: template }, templates: { [TEMPLATE]: template } })).toEqual({
      status: 'missing',
      problems: SECTIONS.map((title) => `section '${title}' (line ${lineOf(title)}) is still the template's text (${TEMPLATE})`),
    });
  });

  it('passes the card once each section says something of its own, even with the guidance left in', () => {
    const filled = template.replace(/^(## .+)\n\n/gm, '$1\n\nWritten for the churn model by its team.\n\n');
    expect(judge(item, { evidence: { [CARD]: filled }, templates: { [TEMPLATE]: template } })).toEqual({ status: 'met', problems: [] });
  });

  it('without template:, the guidance sentences would have passed, which is why the key exists', () => {
    expect(judge({ sections: SECTIONS }, { evidence: { [CARD]: template } })).toEqual({ status: 'met', problems: [] });
  });

  it.each([
    ['absent from the base branch', undefined, 'it does not exist on the base branch'],
    ['unreadable', { state: 'unreadable' as const, reason: 'GitHub answered 502' }, 'GitHub answered 502'],
  ])('a template %s is a gap that says it is a contract problem, never a pass', (_name, fact, why) => {
    const filled = '## Intended use\nChurn scoring.\n';
    const templates: Record<string, EvidenceFileFact> = fact === undefined ? {} : { [TEMPLATE]: fact };
    expect(judge({ sections: ['Intended use'], template: TEMPLATE }, { evidence: { [CARD]: filled }, templates })).toEqual({
      status: 'missing',
      problems: [`template ${TEMPLATE} could not be read (${why}); this is a problem in the contract: commit the template to the base branch or correct \`template:\``],
    });
  });
});
