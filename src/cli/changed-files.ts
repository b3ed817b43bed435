/**
 * The files a local branch changes, as the pull request would show them once
 * everything in the working tree is committed: the net difference between the
 * merge base and the working tree (committed, staged and unstaged edits
 * together, renames detected), plus untracked files that are not ignored.
 * Diffing against the working tree directly, rather than merging a commit diff
 * with `git status`, gives one status per path with no reconciling to do.
 */
import type { ChangedFile, ChangedFileStatus } from '../facts/snapshot.js';
import { git } from './git.js';

const STATUS_BY_LETTER: Record<string, ChangedFileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'removed',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

/** Parses `git diff --name-status -z`: a status token, then one path, or two for renames and copies. */
export function parseNameStatus(output: string): ChangedFile[] {
  const tokens = output.split('\0');
  const files: ChangedFile[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index++] ?? '';
    if (token === '') continue;
    const letter = token[0] ?? '';
    const status = STATUS_BY_LETTER[letter] ?? 'changed';
    if (letter === 'R' || letter === 'C') {
      const previousPath = tokens[index++] ?? '';
      const path = tokens[index++] ?? '';
      if (path) files.push({ path, status, previousPath });
    } else {
      const path = tokens[index++] ?? '';
      if (path) files.push({ path, status });
    }
  }
  return files;
}

function nulList(output: string): string[] {
  return output.split('\0').filter((path) => path !== '');
}

export interface WorkingTreeChanges {
  changedFiles: ChangedFile[];
  /** Paths whose working-tree content differs from HEAD (edited, staged or untracked). */
  uncommitted: Set<string>;
}

export async function workingTreeChanges(root: string, mergeBase: string): Promise<WorkingTreeChanges> {
  const [diff, untracked, dirty] = await Promise.all([
    git(root, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-relative', mergeBase, '--']),
    git(root, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name']),
    git(root, ['diff', '--name-only', '-z', '--no-ext-diff', '--no-relative', 'HEAD', '--']),
  ]);
  const changedFiles = parseNameStatus(diff);
  const listed = new Set(changedFiles.map((file) => file.path));
  const untrackedPaths = nulList(untracked);
  for (const path of untrackedPaths) {
    if (!listed.has(path)) changedFiles.push({ path, status: 'added' });
  }
  return { changedFiles, uncommitted: new Set([...nulList(dirty), ...untrackedPaths]) };
}
