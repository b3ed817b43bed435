import { describe, expect, it } from '@jest/globals';
import { contractSchema } from '../../src/contract/schema.js';
import { compileContract } from '../../src/evaluate/compile.js';
import { planSignoffs } from '../../src/evaluate/signoff-plan.js';
import type { ChangeSet } from '../../src/evaluate/snapshot-view.js';

const changes: ChangeSet = { paths: ['serving/a.py'], updated: new Set(['serving/a.py']), removed: new Set(), incomplete: false, contractChanged: false };

describe('planSignoffs', () => {
  it("answers each path of a requirement's scope once, however often staleness asks", () => {
    const compiled = compileContract(
      contractSchema.parse({
        version: 1,
        scope: { paths: ['serving/**'] },
        roles: { sre: ['@bob'] },
        signoffs: [{ role: 'sre', when: { paths: ['serving/**'] } }, { role: 'sre' }],
        evidence: [],
      }),
    );
    const asked: string[] = [];
    for (const set of [compiled.signoffs[0]?.when?.paths?.set, compiled.scope, compiled.ignore]) {
      if (!set) throw new Error('no glob set');
      const matcher = set.matcher.bind(set);
      set.matcher = () => {
        const matches = matcher();
        return (path) => (asked.push(path), matches(path));
      };
    }
    const rows = planSignoffs(compiled, { triggered: [true], labels: new Set(), incomplete: false }, changes);
    const files = ['serving/a.py', 'docs/x.md', 'serving/b.py'];
    for (const row of rows) {
      if (!row.applies) throw new Error('every row applies');
      // Two signers at the same commit: the same files are asked about, as a list and one by one.
      for (let signer = 0; signer < 2; signer += 1) {
        expect(row.requirement.touches(files)).toBe(true);
        expect(files.filter((file) => row.requirement.touches([file]))).toEqual(['serving/a.py', 'serving/b.py']);
      }
    }
    // Once per file for the `when.paths` set, once per file for the scope and once for the ignore list.
    expect(asked.sort()).toEqual([...files, ...files, ...files.filter((f) => f.startsWith('serving/'))].sort());
  });
});
