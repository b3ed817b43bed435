import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BranchVerdict, Freshness } from '../../src/evaluate/branch-head.js';
import { dashboardTitle, freshnessText, renderDashboard, type DashboardView } from '../../src/render/dashboard.js';
import { evidence } from './verdict-fixture.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

function fresh(overrides: Partial<Freshness> = {}): Freshness {
  return { state: 'fresh', maxAgeDays: 90, lastChangedAt: new Date(NOW.getTime() - 83 * DAY).toISOString(), ageDays: 83, staleAt: new Date(NOW.getTime() + 8 * DAY).toISOString(), ...overrides };
}

function view(overrides: Partial<DashboardView> = {}, verdict: Partial<BranchVerdict> = {}): DashboardView {
  return {
    verdict: {
      branch: 'main',
      headSha: 'abcdef1234567890abcdef1234567890abcdef12',
      evaluatedAt: NOW.toISOString(),
      evidence: [evidence({ id: 'runbook', title: 'Runbook', owner: 'sre', status: 'met' }), evidence({ id: 'impact', status: 'not_applicable' })],
      freshness: { runbook: fresh() },
      nextChangeAt: null,
      ...verdict,
    },
    issueLinks: {},
    pulls: { pulls: [], more: false },
    gapIssues: [],
    now: NOW,
    ...overrides,
  };
}

describe('freshnessText', () => {
  it.each([
    [fresh(), 'last changed 83 days ago; stale in 8 days'],
    [fresh({ ageDays: 0, staleAt: new Date(NOW.getTime() + 90.5 * DAY).toISOString() }), 'last changed today; stale in 91 days'],
    [fresh({ ageDays: 89, staleAt: new Date(NOW.getTime() + 3_600_000).toISOString() }), 'last changed 89 days ago; stale in 1 day'],
    [fresh({ state: 'stale', ageDays: 100, staleAt: null }), 'last changed 100 days ago; stale (at most 90 days allowed)'],
    [fresh({ state: 'unknown', lastChangedAt: null, ageDays: null, staleAt: null }), 'last change unknown; at most 90 days allowed'],
    [fresh({ state: 'future', lastChangedAt: '2027-01-01T00:00:00Z', staleAt: null }), 'last change dated 2027-01-01, in the future'],
  ])('%j', (freshness, expected) => {
    expect(freshnessText(freshness, NOW)).toBe(expected);
  });

  it('is a dash for an item without max_age_days', () => {
    expect(freshnessText(undefined, NOW)).toBe('—');
  });
});

describe('renderDashboard', () => {
  it('shows the status, the evidence with freshness, the items not judged, and no evaluation time', () => {
    const text = renderDashboard(view(), {});

    expect(text).toContain('## Readiness of `main`: ✅ ready');
    expect(text).toContain('1 of 1 evidence items hold at commit `abcdef1`.');
    expect(text).toContain('last changed 83 days ago; stale in 8 days');
    expect(text).toContain('Not judged on the branch');
    expect(text).not.toContain('12:00');
  });

  it('shows a pull request the contract judges with its verdict, leaves out-of-scope ones out, and escapes titles', () => {
    const pulls = {
      pulls: [
        { number: 2, title: '<img src=x> @org/team', headSha: 'a'.repeat(40), check: { status: 'completed', conclusion: 'failure', title: '0 of 1 sign-offs' } },
        { number: 3, title: 'Docs', headSha: 'b'.repeat(40), check: { status: 'completed', conclusion: 'success', title: 'No model or deployment paths changed' } },
        { number: 4, title: 'New', headSha: 'c'.repeat(40), check: null },
      ],
      more: true,
    };
    const text = renderDashboard(view({ pulls }), {});

    expect(text).toContain('#2 &lt;img src=x> @\u200borg/team');
    expect(text).toContain('❌ not ready');
    expect(text).not.toContain('#3 Docs');
    expect(text).toContain('#4 New');
    expect(text).toContain('⏳ not evaluated yet');
    expect(text).toContain('Only the most recently updated pull requests are shown.');
  });

  it('is not ready when an item is missing, and lists the open gap issues in order', () => {
    const missing = evidence({ id: 'runbook', title: 'Runbook', status: 'missing', problems: [{ message: 'ops/runbook.md was last changed 2026-08-01' }] });
    const text = renderDashboard(
      view({ gapIssues: [{ number: 12, title: 'Readiness gap on main: *Runbook*' }, { number: 5, title: 'Readiness gap: X (PR #2)' }] }, { evidence: [missing] }),
      {},
    );

    expect(text).toContain('## Readiness of `main`: ❌ not ready');
    expect(text).toContain('- #5 Readiness gap: X (PR #2)\n- #12 Readiness gap on main: \\*Runbook\\*');
  });

  it('is rendered from an overriding template when the deployment gives one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    try {
      writeFileSync(join(dir, 'dashboard.md'), 'Our own: {{branch}} {{status}} {{unknown}}');
      expect(renderDashboard(view(), { READINESS_TEMPLATES_DIR: dir })).toBe('Our own: `main` ✅ ready');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('titles the issue with the branch', () => {
    expect(dashboardTitle('main')).toBe('Readiness of `main`');
  });
});
