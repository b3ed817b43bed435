/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser, so these files see the DOM's types.
/**
 * A real Chromium (Debian's package, obtained by scripts/ensure-chromium.sh,
 * never a browser download) driven headless by puppeteer-core, and the checks
 * the browser tests share: console errors and an axe-core WCAG 2.1 AA scan.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = '/usr/bin/chromium';

/** One browser for a test file, with a fresh profile removed on close. */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'readiness-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking flags Chromium keeps calling home, and this closed network refuses it.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors and uncaught page errors, as they happen. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url ?? ''})`);
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeResult {
  violations: { id: string; impact: string | null; nodes: string[] }[];
  /** The rules axe checked and passed: a scan that checked nothing would "find no violations" too. */
  passed: string[];
}

type Axe = { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[]; passes: { id: string }[] }> };

/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it is shown now. The page's
 * CSP forbids every script, so axe is evaluated through the DevTools protocol
 * (which the CSP does not govern) rather than added as a script tag.
 */
export async function axeScan(page: Page): Promise<AxeResult> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: Axe }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations', 'passes'] });
    return {
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })),
      passed: result.passes.map((p) => p.id),
    };
  });
}
