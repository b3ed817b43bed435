/**
 * The deployment guide and the runbook are for people who did not build the
 * app, so they must not drift from it: every setting the code reads is
 * documented, every metric the runbook names exists, every alert has a
 * remedy, and every link leads somewhere.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Metrics } from '../../src/ops/metrics.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { InProcessScheduler } from '../../src/schedule/in-process-scheduler.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = ['docs/deploy.md', 'docs/runbook.md'];
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Lines outside fenced code blocks, with their text. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** The text under a level-2 heading, up to the next one. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(
    proseLines(markdown)
      .flatMap((line) => /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1] ?? [])
      .map((text) => text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('docs/deploy.md', () => {
  const deploy = read('docs/deploy.md');
  const documented = new Set(
    section(deploy, 'Environment variables')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1] ?? '')),
  );

  it('documents every environment variable the app reads', () => {
    // The command-line tool and the benchmarks are documented in the README.
    const appSources = sourceFiles('src').filter((path) => !path.startsWith('src/cli/') && !path.startsWith('src/bench/'));
    const readIn = new Map<string, string>();
    for (const path of appSources) {
      for (const match of read(path).matchAll(/\benv\??\.([A-Z][A-Z0-9_]*)\b|\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g)) {
        const name = match[1] ?? match[2] ?? '';
        if (!readIn.has(name)) readIn.set(name, path);
      }
    }
    expect(readIn.size).toBeGreaterThan(0);
    expect([...readIn].filter(([name]) => !documented.has(name)).map(([name, path]) => `${name} (read in ${path})`)).toEqual([]);
  });

  it("documents Probot's credentials and the settings the image depends on", () => {
    for (const name of ['APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET', 'PORT', 'HOST', 'LOG_LEVEL', 'GHE_HOST', 'GHE_PROTOCOL', 'REDIS_URL']) {
      expect([name, documented.has(name)]).toEqual([name, true]);
    }
  });
});

describe('docs/runbook.md', () => {
  const runbook = read('docs/runbook.md');

  it('names only metrics the app exports', async () => {
    const metrics = new Metrics();
    metrics.watchQueue(new InProcessQueue());
    metrics.watchScheduler(new InProcessScheduler());
    const exported = new Set((await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name));
    const named = new Set(DOCS.flatMap((path) => [...read(path).matchAll(/\breadiness_gate_[a-z0-9_]*[a-z0-9]\b/g)].map((m) => m[0])));
    expect(named.size).toBeGreaterThan(5);
    // PromQL reads a histogram through its _bucket, _count and _sum series.
    const missing = [...named].filter((name) => !exported.has(name) && !exported.has(name.replace(/_(bucket|count|sum)$/, '')));
    expect(missing).toEqual([]);
  });

  it('says what fires each alert and how to remedy it', () => {
    const rows = section(runbook, 'Alerts')
      .split('\n')
      .filter((line) => line.startsWith('| **'));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const remediation = section(runbook, 'Remediation');
    for (const row of rows) {
      const [, name = '', firesWhen = ''] = row.split('|').map((cell) => cell.trim());
      expect([name, /readiness_gate_|up\{|log:/.test(firesWhen)]).toEqual([name, true]);
      expect([name, remediation.includes(`\n${name}\n`)]).toEqual([name, true]);
    }
  });
});

describe('links in the operations docs', () => {
  it('lead to files and headings that exist', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const path of DOCS) {
      for (const line of proseLines(read(path))) {
        for (const [, target = ''] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
          if (/^[a-z]+:/.test(target)) continue;
          checked += 1;
          const [file = '', anchor] = target.split('#');
          const resolved = file === '' ? path : relative(ROOT, join(ROOT, dirname(path), file));
          if (!existsSync(join(ROOT, resolved))) broken.push(`${path}: ${target} (no ${resolved})`);
          else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor)) {
            broken.push(`${path}: ${target} (no heading #${anchor} in ${resolved})`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });
});
