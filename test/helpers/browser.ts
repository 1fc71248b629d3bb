import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The browser tests drive Debian's Chromium (apt-get install chromium; `.ci/run` installs it) through
 * playwright-core: no browser is downloaded. SDMATCH_CHROMIUM names another binary (and only it is
 * tried, so naming a missing one shows what happens without a browser). Without one the
 * suites are skipped with a message, except under CI=true, where a missing browser fails them.
 */
const CANDIDATES = process.env.SDMATCH_CHROMIUM ? [process.env.SDMATCH_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const chromiumPath: string | null = CANDIDATES.find((c) => existsSync(c)) ?? null;

const inCI = process.env.CI === 'true' || process.env.CI === '1';

export function describeWithBrowser(name: string, body: () => void): void {
  if (chromiumPath) {
    describe(name, body);
    return;
  }
  if (inCI) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`CI=true but no Chromium at ${CANDIDATES.join(' or ')} (apt-get install chromium, or set SDMATCH_CHROMIUM)`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: no Chromium at ${CANDIDATES.join(' or ')}; apt-get install chromium or set SDMATCH_CHROMIUM; under CI=true this fails)`, body);
}

export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('no Chromium');
  // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
}

/** What a page did that a self-contained report must never do. */
export interface PageProblems {
  console: string[];
  errors: string[];
  failed: string[];
  /** every request for anything but the page itself (a self-contained page makes none) */
  requests: string[];
}

/** Opens a file in a fresh page, recording console errors, uncaught errors and every request. */
export async function openReport(browser: Browser, file: string, opts: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<{ page: Page; problems: PageProblems; readyMs: number }> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1400, height: opts.height ?? 1000 }, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  const url = `file://${file}`;
  const problems: PageProblems = { console: [], errors: [], failed: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  page.on('requestfailed', (r) => problems.failed.push(`${r.url()}: ${r.failure()?.errorText ?? ''}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForSelector('html[data-ready]', { timeout: 120_000 });
  const readyMs = Number(await page.getAttribute('html', 'data-ready'));
  return { page, problems, readyMs };
}
