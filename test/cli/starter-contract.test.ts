import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseContract } from '../../src/contract/parse.js';
import { judgeSections, readSections, sectionKey } from '../../src/evaluate/markdown-sections.js';
import { PACKAGED_TEMPLATES_DIR } from '../../src/render/templates.js';

const text = readFileSync(join(PACKAGED_TEMPLATES_DIR, 'readiness.yml'), 'utf8');

describe('starter contract', () => {
  const parsed = parseContract(text);

  it('is a valid contract', () => {
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('has the low tier unconditional and lets labels only add the medium and high tiers', () => {
    if (!parsed.ok) throw new Error('the starter contract does not parse');
    const { contract } = parsed;
    const tierOf = (labels: string[] | undefined) =>
      labels === undefined ? 'low' : labels.includes('impact:medium') ? 'medium' : labels.includes('impact:high') ? 'high' : 'other';
    const tiers = contract.evidence.map((item) => tierOf(item.when?.labels));
    expect(tiers.filter((tier) => tier === 'low').length).toBeGreaterThanOrEqual(8);
    expect(tiers).toContain('medium');
    expect(tiers).toContain('high');
    expect(tiers).not.toContain('other');
    for (const item of contract.evidence.filter((e) => e.when?.labels?.includes('impact:medium'))) {
      expect(item.when?.labels).toContain('impact:high');
    }
    expect(contract.signoffs.filter((s) => s.when === undefined).map((s) => s.role)).toEqual(['ml-lead', 'sre']);
  });

  it('explains every evidence item with a comment citing its readiness item', () => {
    const lines = text.split('\n');
    const ids = lines.flatMap((line, index) => (/^ {2}- id: /.test(line) ? [index] : []));
    expect(ids.length).toBeGreaterThan(20);
    for (const index of ids) {
      let start = index;
      while (start > 0 && /^ {2}#/.test(lines[start - 1] ?? '')) start -= 1;
      expect(lines.slice(start, index).join('\n')).toMatch(/#\d+ \S/);
    }
  });

  it('binds the evaluation report to the model it evaluates', () => {
    if (!parsed.ok) throw new Error('the starter contract does not parse');
    const evaluation = parsed.contract.evidence.find((item) => item.id === 'evaluation');
    expect(evaluation?.fields).toContainEqual({ path: 'model.sha256', digest_of: 'models/model.onnx' });
  });

  it('compares model card sections with the packaged template, which has every heading they ask for', () => {
    if (!parsed.ok) throw new Error('the starter contract does not parse');
    const template = readSections(readFileSync(join(PACKAGED_TEMPLATES_DIR, 'model-card.md'), 'utf8'));
    const cards = parsed.contract.evidence.filter((item) => item.file === 'docs/model-card.md');
    expect(cards.length).toBeGreaterThan(0);
    for (const item of cards) {
      expect(item.template).toBe('docs/templates/model-card.md');
      for (const title of item.sections ?? []) expect(template.map((s) => s.key)).toContain(sectionKey(title));
    }
    // Left untouched, the template meets none of them.
    const untouched = cards.flatMap((item) => (item.sections ?? []).map((title) => judgeSections(template.filter((s) => s.key === sectionKey(title)), template.filter((s) => s.key === sectionKey(title)))));
    expect(new Set(untouched)).toEqual(new Set(['template']));
  });

  it('does not enforce dates by default', () => {
    if (!parsed.ok) throw new Error('the starter contract does not parse');
    expect(parsed.contract.evidence.some((item) => item.enforce_from !== undefined)).toBe(false);
  });
});
