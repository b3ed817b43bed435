import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillTemplate, loadTemplate, PACKAGED_TEMPLATES_DIR, templatePath } from '../../src/render/templates.js';

describe('fillTemplate', () => {
  it('substitutes known placeholders, blanks unknown ones and never expands values', () => {
    expect(fillTemplate('a {{ x }} b {{y}} c {{unknown}}.', { x: '1', y: '{{x}}' })).toBe('a 1 b {{x}} c .');
  });

  it('ignores keys inherited from Object.prototype', () => {
    expect(fillTemplate('[{{constructor}}]', {})).toBe('[]');
  });
});

describe('template files', () => {
  it('loads the packaged checklist template', () => {
    expect(templatePath('checklist.md', {})).toBe(join(PACKAGED_TEMPLATES_DIR, 'checklist.md'));
    expect(loadTemplate('checklist.md', {})).toContain('{{signoffs}}');
  });

  it('prefers a deployment override only when it has that file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    try {
      writeFileSync(join(dir, 'checklist.md'), 'custom {{status}}');
      const env = { READINESS_TEMPLATES_DIR: dir };
      expect(loadTemplate('checklist.md', env)).toBe('custom {{status}}');
      expect(templatePath('readiness.yml', env)).toBe(join(PACKAGED_TEMPLATES_DIR, 'readiness.yml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
