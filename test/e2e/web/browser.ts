import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), driven by playwright-core: no browser download. */
export const chromiumPath = '/usr/bin/chromium';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningBrowser {
  readonly browser: Browser;
  /** A fresh context (its own cookies): one per person in a test. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Launches Chromium. Playwright gives every launch a fresh, temporary user-data-dir of its own (it
 * refuses `--user-data-dir` in `launch`), and every context is a fresh profile on top of it.
 */
export async function launchBrowser(): Promise<RunningBrowser> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  return {
    browser,
    newContext: () => browser.newContext({ locale: 'en-GB' }),
    close: () => browser.close(),
  };
}

/**
 * Fails on anything the page's Content-Security-Policy refused and on uncaught errors: a page that
 * works only because a violation went unnoticed is broken in production.
 */
export function watchPageErrors(page: Page): () => string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text()))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return () => problems;
}

/** axe-core on the page as it stands: its serious and critical violations (a test expects none). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
