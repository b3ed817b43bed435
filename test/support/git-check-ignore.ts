/**
 * The reference for glob semantics: the real `git check-ignore --no-index`, in
 * a temporary repository whose `.git/info/exclude` holds the lines under test.
 * One git process answers all paths for one set of lines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';

const ENV = { ...process.env, GIT_CONFIG_GLOBAL: devNull, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };

export class GitCheckIgnore {
  readonly dir = mkdtempSync(join(tmpdir(), 'readiness-globs-'));

  constructor() {
    const init = spawnSync('git', ['init', '--quiet', this.dir], { env: ENV, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`git init failed: ${init.stderr}`);
  }

  /** For each path, whether git ignores it when `lines` are the repository's exclude file (no path exists on disk). */
  ignored(lines: readonly string[], paths: readonly string[]): boolean[] {
    // check-ignore reads its paths as pathspecs, where a leading ':' is magic, not a name.
    const magic = paths.find((p) => p.startsWith(':'));
    if (magic !== undefined) throw new Error(`git would read ${JSON.stringify(magic)} as pathspec magic; put it in a directory`);
    writeFileSync(join(this.dir, '.git', 'info', 'exclude'), lines.map((l) => `${l}\n`).join(''));
    const run = spawnSync('git', ['-c', 'core.ignorecase=false', 'check-ignore', '--no-index', '-v', '-n', '-z', '--stdin'], {
      cwd: this.dir,
      env: ENV,
      input: paths.map((p) => `${p}\0`).join(''),
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0 && run.status !== 1) throw new Error(`git check-ignore failed (${run.status}): ${run.stderr.toString()}`);
    // -v -n -z: source, line number, pattern, path, each NUL-terminated; an empty source means no line matched.
    const fields = run.stdout.toString('utf8').split('\0');
    const answers = new Map<string, boolean>();
    for (let i = 0; i + 3 < fields.length; i += 4) {
      const pattern = fields[i + 2] ?? '';
      answers.set(fields[i + 3] ?? '', fields[i] !== '' && !pattern.startsWith('!'));
    }
    return paths.map((p) => {
      const answer = answers.get(p);
      if (answer === undefined) throw new Error(`git gave no answer for ${JSON.stringify(p)}`);
      return answer;
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
