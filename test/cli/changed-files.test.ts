import { afterEach, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseNameStatus, workingTreeChanges } from '../../src/cli/changed-files.js';
import { TestRepo } from './test-repo.js';

describe('parseNameStatus', () => {
  it('maps every status, with the previous path of renames and copies', () => {
    const output = ['M', 'a.txt', 'A', 'b.txt', 'D', 'c.txt', 'R087', 'old/d.txt', 'new/d.txt', 'C100', 'e.txt', 'f.txt', 'T', 'g', 'U', 'h', ''].join('\0');
    expect(parseNameStatus(output)).toEqual([
      { path: 'a.txt', status: 'modified' },
      { path: 'b.txt', status: 'added' },
      { path: 'c.txt', status: 'removed' },
      { path: 'new/d.txt', status: 'renamed', previousPath: 'old/d.txt' },
      { path: 'f.txt', status: 'copied', previousPath: 'e.txt' },
      { path: 'g', status: 'changed' },
      { path: 'h', status: 'changed' },
    ]);
  });

  it('keeps names with spaces, tabs and newlines intact', () => {
    expect(parseNameStatus('M\0a b\tc\nd\0')).toEqual([{ path: 'a b\tc\nd', status: 'modified' }]);
  });
});

describe('workingTreeChanges', () => {
  let repo: TestRepo | undefined;
  afterEach(() => repo?.remove());

  it('combines commits since the base, staged, unstaged and untracked changes, and detects renames', async () => {
    repo = await TestRepo.create();
    repo.write({ 'models/weights.txt': 'w'.repeat(200), 'keep.txt': 'k\n', 'gone.txt': 'g\n', 'edit.txt': 'e\n' });
    await repo.commit('base');
    const base = (await repo.git('rev-parse', 'HEAD')).trim();
    await repo.git('mv', 'models/weights.txt', 'models/weights-v2.txt');
    await repo.commit('rename');
    rmSync(join(repo.dir, 'gone.txt'));
    repo.write({ 'edit.txt': 'edited\n', 'new/untracked.txt': 'u\n', '.gitignore': 'ignored.txt\n', 'ignored.txt': 'i\n' });
    await repo.git('add', '.gitignore');
    const changes = await workingTreeChanges(repo.dir, base);
    const byPath = Object.fromEntries(changes.changedFiles.map((file) => [file.path, file]));
    expect(byPath['models/weights-v2.txt']).toEqual({ path: 'models/weights-v2.txt', status: 'renamed', previousPath: 'models/weights.txt' });
    expect(byPath['gone.txt']?.status).toBe('removed');
    expect(byPath['edit.txt']?.status).toBe('modified');
    expect(byPath['.gitignore']?.status).toBe('added');
    expect(byPath['new/untracked.txt']?.status).toBe('added');
    expect(byPath['ignored.txt']).toBeUndefined();
    expect(byPath['keep.txt']).toBeUndefined();
    expect([...changes.uncommitted].sort()).toEqual(['.gitignore', 'edit.txt', 'gone.txt', 'new/untracked.txt']);
  });
});
