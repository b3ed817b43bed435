/** Temporary git repositories for CLI tests, with fixed identities and dates. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from '../../src/cli/git.js';

const CONFIG = ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false'];

export class TestRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'readiness-cli-'));

  static async create(): Promise<TestRepo> {
    const repo = new TestRepo();
    await repo.git('init', '--quiet');
    return repo;
  }

  git(...args: string[]): Promise<string> {
    return this.gitAt('2025-01-01T00:00:00Z', ...args);
  }

  gitAt(date: string, ...args: string[]): Promise<string> {
    const env = { ...process.env, GIT_CONFIG_GLOBAL: devNull, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    return git(this.dir, [...CONFIG, ...args], env);
  }

  write(files: Record<string, string | Buffer>): this {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    return this;
  }

  async commit(message: string, date = '2025-01-01T00:00:00Z'): Promise<void> {
    await this.gitAt(date, 'add', '-A');
    await this.gitAt(date, 'commit', '--quiet', '--no-verify', '--allow-empty', '-m', message);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
