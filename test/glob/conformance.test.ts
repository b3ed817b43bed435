import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance } from '../../src/glob/conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'readiness-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A vectors file in t3070's JSON shape, with our own cases. */
function vectors(cases: { text: string; pattern: string; wildmatch: string }[]): string {
  const file = join(dir, `${cases.length}-${cases.map((c) => c.wildmatch).join('')}.json`);
  writeFileSync(file, JSON.stringify({ note: 'test', cases }));
  return file;
}

describe('npm run conformance', () => {
  it('passes when every case agrees, reading a leading XXX/ as /', () => {
    const lines: string[] = [];
    const file = vectors([
      { text: 'models/a', pattern: 'models/*', wildmatch: '1' },
      { text: 'XXX/a', pattern: 'XXX/*', wildmatch: '1' },
      { text: 'a/b', pattern: '*', wildmatch: '0' },
    ]);
    expect(runConformance(file, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(['conformance with git t3070 (wildmatch, WM_PATHNAME): 3 of 3 cases agree, 0 deliberate differences, 0 disagreements']);
  });

  it('fails on a disagreement and names the case', () => {
    const lines: string[] = [];
    const file = vectors([
      { text: 'a/b', pattern: '*', wildmatch: '1' },
      { text: 'a', pattern: 'a', wildmatch: '1' },
    ]);
    expect(runConformance(file, (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual([
      'conformance with git t3070 (wildmatch, WM_PATHNAME): 1 of 2 cases agree, 0 deliberate differences, 1 disagreements',
      '  pattern "*" text "a/b": git 1, ours 0',
    ]);
  });

  it('has nothing to check without the file, and fails on a file without cases', () => {
    const lines: string[] = [];
    expect(runConformance(join(dir, 'missing.json'), (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/not found; nothing to check$/);
    expect(runConformance(vectors([]), () => undefined)).toBe(1);
  });
});
