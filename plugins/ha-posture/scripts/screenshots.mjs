#!/usr/bin/env node
/* eslint-disable no-console */
// Takes the README screenshots (docs/*.png) from a running demo (`yarn demo`) with Debian's
// Chromium and playwright-core. Usage:
//   node plugins/ha-posture/scripts/screenshots.mjs [app URL] [--dark] [--out DIR]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const app = args.find(a => a.startsWith('http')) ?? 'http://localhost:3000';
const dark = args.includes('--dark');
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? args[outIndex + 1] : new URL('../docs/', import.meta.url).pathname;

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
page.on('requestfailed', r => console.error('request failed:', r.url(), r.failure()?.errorText));
page.on('console', m => m.type() === 'error' && console.error('console:', m.text().slice(0, 300)));

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

async function shot(name, path, { waitFor, clip, full = false, before } = {}) {
  await page.goto(`${app}${path}`);
  if (waitFor) {
    try {
      await page.getByText(waitFor).first().waitFor({ timeout: 60_000 });
    } catch (e) {
      await page.screenshot({ path: join(out, `failed-${name}.png`) });
      console.error(`${name}: "${waitFor}" did not show; see failed-${name}.png`);
      return;
    }
  }
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
  if (before) await before();
  const file = join(out, `${name}${dark ? '-dark' : ''}.png`);
  if (clip) {
    await page.locator(clip).first().screenshot({ path: file });
  } else {
    await page.screenshot({ path: file, fullPage: full });
  }
  console.log(file);
}

await signIn();
const entity = '/catalog/default/component';
await shot('entity-ha-tab', `${entity}/legacy-reports/ha`, { waitFor: 'Categories' });
await shot('zone-map', `${entity}/checkout/ha?status=warn,fail`, {
  waitFor: 'Placement',
  clip: '[data-testid^="cluster-section-"]',
});
await shot('entity-cards', `${entity}/orders-db`, { waitFor: 'Worst findings' });
await shot('clusters', '/ha-posture', { waitFor: 'Freshness' });
await shot('cluster-detail', '/ha-posture/clusters/prod-eu', { waitFor: 'Topology' });
await shot('check-catalog', '/ha-posture/checks#pdb-blocks-drain', { waitFor: 'Why it matters' });
await shot('group-rollup', '/catalog/default/group/team-shop', { waitFor: 'worst first' });
await context.close();
