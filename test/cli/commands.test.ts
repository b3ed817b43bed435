import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { captureIo } from './io.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'readiness-cmd-'));
  dirs.push(dir);
  return dir;
}

async function run(cwd: string, ...argv: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('readiness-gate init', () => {
  it('writes the starter contract, which validates, and never overwrites it', async () => {
    const dir = tempDir();
    const first = await run(dir, 'init');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Wrote .github/readiness.yml');
    const written = readFileSync(join(dir, '.github/readiness.yml'), 'utf8');
    expect(written).toContain('version: 1');

    const valid = await run(dir, 'validate');
    expect(valid).toMatchObject({ code: 0, out: '.github/readiness.yml is a valid readiness contract\n' });

    writeFileSync(join(dir, '.github/readiness.yml'), 'mine\n');
    const second = await run(dir, 'init');
    expect(second.code).toBe(1);
    expect(second.err).toContain('already exists');
    expect(readFileSync(join(dir, '.github/readiness.yml'), 'utf8')).toBe('mine\n');
  });

  it('writes the model card template the starter contract names, and keeps one that exists', async () => {
    const dir = tempDir();
    const first = await run(dir, 'init');
    expect(first.out).toContain('Wrote docs/templates/model-card.md');
    const template = readFileSync(join(dir, 'docs/templates/model-card.md'), 'utf8');
    expect(template).toContain('## Intended use');
    expect(readFileSync(join(dir, '.github/readiness.yml'), 'utf8')).toContain('template: docs/templates/model-card.md');

    const other = tempDir();
    mkdirSync(join(other, 'docs/templates'), { recursive: true });
    writeFileSync(join(other, 'docs/templates/model-card.md'), 'our own\n');
    const second = await run(other, 'init');
    expect(second.code).toBe(0);
    expect(second.out).not.toContain('docs/templates/model-card.md');
    expect(readFileSync(join(other, 'docs/templates/model-card.md'), 'utf8')).toBe('our own\n');
  });
});

describe('readiness-gate validate', () => {
  it('prints file:line:col: path: message per error and exits 2', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'contract.yml'),
      'version: 1\nscope:\n  paths: ["models/**"]\nroles:\n  ml-lead: ["alice"]\nenforcement: strict\n',
    );
    const { code, out, err } = await run(dir, 'validate', 'contract.yml');
    expect(code).toBe(2);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^contract\.yml:5:\d+: roles\.ml-lead\[0\]: /);
    expect(lines[1]).toMatch(/^contract\.yml:6:\d+: enforcement: /);
    expect(err).toBe('contract.yml: 2 errors\n');
  });

  it('explains a missing file and a directory', async () => {
    const dir = tempDir();
    const missing = await run(dir, 'validate');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(
      'readiness-gate: .github/readiness.yml does not exist (`readiness-gate init` writes a starter contract)\n',
    );
    mkdirSync(join(dir, 'folder'));
    const folder = await run(dir, 'validate', 'folder');
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('is a directory');
  });

  it('says when the contract inherits what it cannot check', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.yml'), '_extends: .github\nversion: 1\nscope:\n  paths: ["models/**"]\n');
    const { code, out } = await run(dir, 'validate', 'c.yml');
    expect(code).toBe(0);
    expect(out).toContain("it extends '.github'");
  });
});

describe('usage', () => {
  it('shows usage for --help (exit 0) and without a command (exit 2)', async () => {
    const dir = tempDir();
    const help = await run(dir, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: readiness-gate <command>');
    const commandHelp = await run(dir, 'check', '--help');
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.out).toContain('--label <name>');
    const none = await run(dir);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage:');
  });

  it('refuses unknown commands, options and extra arguments with exit 2 and no stack trace', async () => {
    const dir = tempDir();
    const unknown = await run(dir, 'deploy');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^readiness-gate: unknown command 'deploy'\n\nUsage:/);
    const option = await run(dir, 'check', '--force');
    expect(option.code).toBe(2);
    expect(option.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(option.err).toContain("'--force'");
    const extra = await run(dir, 'validate', 'a.yml', 'b.yml');
    expect(extra).toMatchObject({ code: 2, err: "readiness-gate: unexpected argument 'b.yml'\n" });
  });

  it('prints the version', async () => {
    const { code, out } = await run(tempDir(), '--version');
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('outside a git repository', () => {
  it('says so instead of failing with a stack trace', async () => {
    const { code, err } = await run(tempDir(), 'check');
    expect(code).toBe(2);
    expect(err).toBe('readiness-gate: not inside a git repository: run `readiness-gate check` in a checkout\n');
  });
});
