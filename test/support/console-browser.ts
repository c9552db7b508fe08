import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';

/*
 * Debian's Chromium, driven by playwright-core (which downloads no browser of its own). One browser
 * per spec file; each test file gets a fresh page. Where Chromium is absent the browser tests say
 * so and are skipped, except in CI, where .ci/run installs it and a missing browser is a failure.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Chromium for a `before` hook, or skips the suite (never in CI) when it is not installed. */
export async function launchChromium(context: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI)
      throw new Error(`console browser tests need Chromium at ${CHROMIUM}; .ci/run installs it (apt-get install chromium)`);
    process.stdout.write(`      console browser tests skipped: ${CHROMIUM} not found\n`);
    context.skip();
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** Where screenshots go when CONSOLE_SCREENSHOTS names a folder (e.g. docs/images); otherwise none are taken. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  const dir = process.env.CONSOLE_SCREENSHOTS;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/console-${name}.png`, fullPage });
}
