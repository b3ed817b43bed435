/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser, so these files see the DOM's types.
/**
 * The details page in a real browser: headless Chromium against the real app
 * (Probot with the readiness gate and its web routes, on a loopback port),
 * GitHub's API simulated by nock, and a simulated OAuth provider on another
 * loopback port that the browser really visits. One browser for the file; each
 * test signs in in its own browser context (its own cookies).
 *
 * Screenshots for the README: `UPDATE_SCREENSHOTS=1 npm run jest -- test/browser`
 * writes them to docs/images/ (otherwise they are taken and checked, not written).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { createNodeMiddleware } from 'probot';
import type { Browser, BrowserContext, HTTPResponse, Page } from 'puppeteer-core';
import { readinessGate } from '../../src/app/index.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { axeScan, collectErrors, launchBrowser } from '../support/browser.js';
import { API, APP_ID, APP_LOGIN, createProbotInstance, sent, simulateGitHub, WEBHOOK_SECRET } from '../support/github-app.js';
import { OAuthProvider } from '../support/oauth-provider.js';
import { renderCheckRun } from '../../src/render/check-run.js';
import { verdict } from '../render/verdict-fixture.js';
import { appChecklistBody, CONTRACT, GOOD_CARD, HEAD, mockCompare, mockContract, mockConversation, mockConversationHistory, mockEvidence, mockHeadPulls, openedPayload, REPO, unusedMocks } from '../support/pull-fixtures.js';

simulateGitHub({ loopback: true });

const PAGE = '/readiness/Codertocat/Hello-World/pull/2';
const CLIENT = { clientId: 'Iv1.browser-client', clientSecret: 'browser-client-secret' };
const READER = { login: 'octocat', canRead: ['Codertocat/Hello-World'] };
const DESKTOP = { width: 1100, height: 800 };
const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };

const provider = new OAuthProvider(CLIENT);
let server: Server;
let base = '';
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  await provider.listen();
  // The app's public URL is its own loopback address, so the port is taken before the app is built.
  let app: Awaited<ReturnType<typeof createNodeMiddleware>> | null = null;
  server = createServer((request, response) => void app?.(request, response, () => response.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const web = { publicUrl: base, webBase: provider.base, apiBase: `${provider.base}/api/v3`, oauth: CLIENT, cookieKey: randomBytes(32) };
  app = await createNodeMiddleware(readinessGate({ queue: new InProcessQueue(), now: () => new Date('2026-11-22T12:00:00Z'), stateSecret: WEBHOOK_SECRET, web }), { probot: createProbotInstance() });
  ({ browser, close: closeBrowser } = await launchBrowser());
});

afterAll(async () => {
  await closeBrowser?.();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await provider.close();
});

/** What the app reads of GitHub for one view of pull request #2 (the same reads test/web/pages.test.ts proves). */
function mockPullView(kind: 'failing' | 'passing') {
  nock(API).get(`${REPO}/installation`).reply(200, { id: 1 });
  nock(API).get(`${REPO}/pulls/2`).reply(200, { ...openedPayload().pull_request, title: 'Retrain the churn model' });
  mockContract(CONTRACT);
  mockCompare(HEAD, [{ filename: 'models/churn.onnx' }]);
  mockHeadPulls(HEAD, [{ number: 2, base: 'master' }]);
  mockEvidence(HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': kind === 'failing' ? '{\n  "metrics": { "auc": 0.74 }\n}\n' : '{ "metrics": { "auc": 0.91 } }' });
  nock(API).get(`${REPO}/pulls/2/commits`).query({ per_page: 100 }).reply(200, [{ sha: HEAD }]);
  if (kind === 'failing') {
    mockConversation([]);
    const earlier = {
      id: 9,
      head_sha: HEAD,
      conclusion: 'failure',
      completed_at: '2026-11-22T11:00:00Z',
      html_url: 'https://github.com/Codertocat/Hello-World/runs/9',
      app: { id: APP_ID },
      name: 'readiness',
      status: 'completed',
      output: { title: '0 of 1 sign-offs · 1 of 2 evidence', text: renderCheckRun(verdict({ headSha: HEAD, evaluatedAt: '2026-11-22T11:00:00.000Z' }), { contractPath: 'x', contractSha: 'b10b5a', pull: 2 }).text },
    };
    mockHistory([earlier]);
    return;
  }
  // alice's plain-comment sign-off counts: the app's own signed checklist says the head was current since 09:00.
  const checklist = { id: 90, body: appChecklistBody({ heads: [{ sha: HEAD, since: '2026-11-22T09:00:00Z' }] }), user: { login: APP_LOGIN, type: 'Bot' }, created_at: '2026-11-22T09:00:00Z', updated_at: '2026-11-22T09:00:00Z' };
  const signoff = { id: 5, body: '/signoff ml-lead', user: { login: 'alice', type: 'User' }, created_at: '2026-11-22T10:00:00Z', updated_at: '2026-11-22T10:00:00Z', node_id: 'IC_5', author_association: 'MEMBER' };
  mockConversation([checklist, signoff]);
  mockConversationHistory();
  mockHistory([]);
}

/** The app's check runs on the head, as the page's history reader asks for them (audit/history.ts). */
function mockHistory(runs: unknown[]) {
  nock(API).get(`${REPO}/commits/${HEAD}/check-runs`).query({ app_id: String(APP_ID), filter: 'all', per_page: 100 }).reply(200, { total_count: runs.length, check_runs: runs });
}

/** A fresh browser context (no cookies) that opens the details page as an anonymous visitor and signs in as `user`. */
async function signInAndOpen(user = READER, viewport: Parameters<Page['setViewport']>[0] = DESKTOP): Promise<{ context: BrowserContext; page: Page; response: HTTPResponse; errors: string[] }> {
  provider.signingIn = user;
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  const errors = collectErrors(page);
  const response = await page.goto(`${base}${PAGE}`, { waitUntil: 'load' });
  if (!response) throw new Error('no response for the details page');
  return { context, page, response, errors };
}

const text = (page: Page) => page.evaluate(() => document.body.innerText);

async function screenshot(page: Page, name: string): Promise<void> {
  const png = Buffer.from(await page.screenshot({ type: 'png' }));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  if (process.env.UPDATE_SCREENSHOTS) writeFileSync(new URL(`../../docs/images/${name}.png`, import.meta.url), png);
}

/** axe's verdict, with the contrast rule proven to have run (a page it skipped would pass vacuously). */
async function expectAccessible(page: Page): Promise<void> {
  const { violations, passed } = await axeScan(page);
  expect(violations).toEqual([]);
  expect(passed).toEqual(expect.arrayContaining(['color-contrast', 'document-title', 'html-has-lang', 'link-name', 'bypass']));
}

describe('signing in', () => {
  it('follows the OAuth round trip from an anonymous visit back to the page asked for, with the session only in an HttpOnly cookie', async () => {
    provider.log.length = 0;
    mockPullView('failing');
    const { context, page, response } = await signInAndOpen();
    try {
      expect(response.status()).toBe(200);
      expect(page.url()).toBe(`${base}${PAGE}`);
      // The browser really went to the provider and back; the code exchange and the user API were the app's, server to server.
      expect(provider.log).toEqual(['GET /login/oauth/authorize', 'POST /login/oauth/access_token', 'GET /api/v3/user', 'GET /api/v3/repos/Codertocat/Hello-World']);
      const chain = response.request().redirectChain().map((r) => new URL(r.url()).pathname);
      expect(chain).toEqual([PAGE, '/readiness/login', '/login/oauth/authorize', '/readiness/oauth/callback']);
      expect(await text(page)).toContain('Signed in as octocat');
      const session = (await context.cookies()).find((c) => c.name === 'rg_session');
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe('Lax');
      expect(await page.evaluate(() => document.cookie)).not.toContain('rg_session');
      // The user's token reached neither a URL the browser saw nor the page.
      const seen = [...response.request().redirectChain().map((r) => r.url()), await page.content()].join('\n');
      for (const token of provider.tokens()) expect(seen).not.toContain(token);
      expect(unusedMocks()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses a signed-in user GitHub does not let read the repository, and reads nothing of it', async () => {
    sent.length = 0;
    const { context, page, response, errors } = await signInAndOpen({ login: 'mallory', canRead: [] });
    try {
      expect(response.status()).toBe(403);
      // Chromium reports the refused page itself as a console error: proof that the other tests' "no console errors" listens.
      expect(errors).toEqual([expect.stringContaining('status of 403')]);
      const shown = await text(page);
      expect(shown).toContain('No access');
      expect(shown).toContain('mallory');
      expect(shown).not.toContain('Retrain');
      expect(sent).toEqual([]);
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});

describe('the details page', () => {
  it('shows a failing pull request: the gap, its file and line at the judged commit, and the earlier check; accessible, no console errors', async () => {
    mockPullView('failing');
    const { context, page, response, errors } = await signInAndOpen();
    try {
      expect(response.status()).toBe(200);
      const shown = await text(page);
      expect(shown).toContain('❌ not ready');
      expect(shown).toContain('metrics.auc is 0.74, needs ≥ 0.8');
      expect(shown).toContain('2026-11-22T11:00:00.000Z');
      const line = await page.$eval(`a[href="${provider.base}/Codertocat/Hello-World/blob/${HEAD}/reports/eval.json#L2"]`, (a) => a.textContent);
      expect(line).toContain('reports/eval.json');
      await expectAccessible(page);
      expect(errors).toEqual([]);
      await screenshot(page, 'details-light');
    } finally {
      await context.close();
    }
  });

  it('shows a passing pull request with its sign-off; accessible, no console errors', async () => {
    mockPullView('passing');
    const { context, page, response, errors } = await signInAndOpen();
    try {
      expect(response.status()).toBe(200);
      const shown = await text(page);
      expect(shown).toContain('✅ ready');
      expect(shown).toContain('alice at');
      expect(shown).not.toContain('not ready');
      await expectAccessible(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('in dark mode is really dark and still passes the contrast rules', async () => {
    mockPullView('failing');
    const { context, page, errors } = await signInAndOpen();
    try {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      const colours = await page.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color }));
      expect(colours).toEqual({ background: 'rgb(13, 17, 23)', text: 'rgb(230, 237, 243)' });
      await expectAccessible(page);
      expect(errors).toEqual([]);
      await screenshot(page, 'details-dark');
    } finally {
      await context.close();
    }
  });

  it('on a phone (390×844) reflows without horizontal scrolling', async () => {
    mockPullView('failing');
    const { context, page } = await signInAndOpen(READER, PHONE);
    try {
      const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(widths.viewport).toBe(390);
      expect(widths.content).toBeLessThanOrEqual(widths.viewport);
      await expectAccessible(page);
      await screenshot(page, 'details-phone');
    } finally {
      await context.close();
    }
  });

  it('works from the keyboard: Tab reaches the skip link first, then the controls, each with a visible focus ring', async () => {
    mockPullView('failing');
    const { context, page } = await signInAndOpen();
    try {
      /** The focused element after one Tab: what it is, whether it is on screen, and its outline. */
      const tab = async () => {
        await page.keyboard.press('Tab');
        return page.evaluate(() => {
          const element = document.activeElement as HTMLElement;
          const box = element.getBoundingClientRect();
          const style = getComputedStyle(element);
          return {
            label: `${element.tagName.toLowerCase()} ${(element.textContent ?? '').trim().slice(0, 40)}`,
            href: element.getAttribute('href'),
            onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth,
            outline: `${style.outlineStyle} ${style.outlineWidth}`,
          };
        });
      };
      const skip = await tab();
      expect(skip).toEqual({ label: 'a Skip to content', href: '#main', onScreen: true, outline: 'solid 3px' });
      // The skip link moves focus past the header to the content.
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

      // Every control of the content, in order, until focus leaves the page: each on screen, each with the ring.
      const stops = [];
      for (let stop = await tab(); stop.label.split(' ')[0] !== 'body' && stops.length < 30; stop = await tab()) stops.push(stop);
      const controls = await page.$$eval('main a[href], main button, main select, main input', (all) => all.map((c) => c.getAttribute('href')));
      expect(stops.map((s) => s.href)).toEqual(controls);
      expect(stops.map((s) => s.href)).toContain(`${provider.base}/Codertocat/Hello-World/blob/${HEAD}/reports/eval.json#L2`);
      expect(stops.filter((s) => !s.onScreen || s.outline !== 'solid 3px')).toEqual([]);

      // From the top again, the header's Sign out button is the next stop after the skip link.
      await page.goto('about:blank');
      mockPullView('failing');
      await page.goto(`${base}${PAGE}`);
      await tab();
      expect((await tab()).label).toBe('button Sign out');
    } finally {
      await context.close();
    }
  });
});
