#!/usr/bin/env node
/* eslint-disable no-console */
// Takes the README screenshots (docs/*.png) from a running demo (`yarn demo`) with Debian's
// Chromium and playwright-core. Usage:
//   node plugins/ha-posture/scripts/screenshots.mjs [app URL] [--dark] [--out DIR]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// playwright-core is a devDependency of the repository root (the e2e tests use it too).
// eslint-disable-next-line @backstage/no-undeclared-imports
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const app = args.find(a => a.startsWith('http')) ?? 'http://localhost:3000';
const dark = args.includes('--dark');
const outIndex = args.indexOf('--out');
const out =
  outIndex >= 0
    ? args[outIndex + 1]
    : new URL('../docs/', import.meta.url).pathname;

const context = await chromium.launchPersistentContext(
  mkdtempSync(join(tmpdir(), 'ha-shots-')),
  {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: dark ? 'dark' : 'light',
  },
);
const page = await context.newPage();
page.on('pageerror', e => console.error('page error:', e.message));
page.on('requestfailed', r =>
  console.error('request failed:', r.url(), r.failure()?.errorText),
);
page.on('console', async m => {
  if (m.type() !== 'error' || !process.env.DEBUG_CONSOLE) return;
  const values = await Promise.all(
    m.args().map(x => x.jsonValue().catch(() => '?')),
  );
  console.error('console:', String(values.join(' ')).slice(0, 1500));
});

async function signIn() {
  // The dev backend restarts when its sources change: retry the guest sign-in a few times.
  for (let attempt = 1; ; attempt++) {
    await page.goto(app);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ timeout: 120_000 });
    await enter.click();
    try {
      await page.getByText('HA posture').first().waitFor({ timeout: 20_000 });
      break;
    } catch (e) {
      if (attempt >= 5) throw e;
      await page.waitForTimeout(10_000);
    }
  }
  if (dark) {
    await page.goto(`${app}/settings`);
    await page.getByRole('button', { name: /dark/i }).first().click();
  }
}

/** Reloading the app signs in again; the guest sign-in page shows when that failed. */
async function ensureSignedIn() {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const enter = page.getByRole('button', { name: 'Enter' });
    const visible = await enter
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (!visible) return;
    await page.waitForTimeout(5_000);
    await enter.click().catch(() => {});
  }
}

/**
 * One screenshot: the viewport (optionally taller), or the Backstage card holding `card` (a text
 * or a CSS selector).
 */
async function shot(name, path, { waitFor, card, height = 900 } = {}) {
  await page.setViewportSize({ width: 1440, height });
  await page.goto(`${app}${path}`);
  await ensureSignedIn();
  if (waitFor) {
    try {
      await page.getByText(waitFor).first().waitFor({ timeout: 60_000 });
    } catch {
      await page.screenshot({ path: join(out, `failed-${name}.png`) });
      console.error(
        `${name}: "${waitFor}" did not show; see failed-${name}.png`,
      );
      return;
    }
  }
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  const file = join(out, `${name}${dark ? '-dark' : ''}.png`);
  if (card) {
    const inner = card.startsWith('[')
      ? page.locator(card)
      : page.getByText(card, { exact: true });
    await inner
      .first()
      .locator('xpath=ancestor::div[contains(@class, "MuiCard-root")][1]')
      .screenshot({ path: file });
  } else {
    await page.screenshot({ path: file });
  }
  console.log(file);
}

await signIn();
const entity = '/catalog/default/component';
await shot('entity-ha-tab', `${entity}/legacy-reports/ha`, {
  waitFor: 'Categories',
  height: 1000,
});
await shot('zone-map', `${entity}/orders-db/ha`, {
  waitFor: 'Placement',
  card: '[data-testid^="cluster-section-"]',
});
await shot('entity-summary-card', `${entity}/cart`, {
  waitFor: 'Worst findings',
  card: 'Worst findings',
});
await shot('entity-scorecard', `${entity}/cart`, {
  waitFor: 'HA scorecard',
  card: 'HA scorecard',
});
await shot('clusters', '/ha-posture', { waitFor: 'Clusters (', height: 760 });
await shot('cluster-detail', '/ha-posture/clusters/prod-eu', {
  waitFor: 'Topology',
  height: 1250,
});
await shot('check-catalog', '/ha-posture/checks#replicas-min-floor', {
  waitFor: 'Why it matters',
});
await shot('check-catalog-grading', '/ha-posture/checks', {
  waitFor: 'How grades are given',
  height: 620,
});
await shot('group-rollup', '/catalog/default/group/team-shop', {
  waitFor: 'Most frequent failing checks',
  card: 'Most frequent failing checks',
});
await context.close();
