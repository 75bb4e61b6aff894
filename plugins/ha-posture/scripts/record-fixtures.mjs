#!/usr/bin/env node
/* eslint-disable no-console */
// Records the test fixtures of src/__fixtures__ from a running backend (`yarn demo`), signing in
// as guest. Usage: node plugins/ha-posture/scripts/record-fixtures.mjs [backend base URL]
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const base = process.argv[2] ?? 'http://localhost:7007';
const out =
  process.env.OUT ?? new URL('../src/__fixtures__/', import.meta.url).pathname;

const session = await (await fetch(`${base}/api/auth/guest/refresh`)).json();
const headers = {
  Authorization: `Bearer ${session.backstageIdentity.token}`,
  'Content-Type': 'application/json',
};

async function record(file, path, init = {}) {
  const response = await fetch(`${base}${path}`, { headers, ...init });
  if (!response.ok) {
    console.error(`${path}: HTTP ${response.status}`);
    return;
  }
  await writeFile(
    join(out, file),
    `${JSON.stringify(await response.json(), null, 2)}\n`,
  );
  console.log(`${file} <- ${path}`);
}

const ha = '/api/ha-posture';
await record('checks.json', `${ha}/checks`);
await record('clusters.json', `${ha}/clusters`);
for (const name of ['prod-eu', 'dev-k3s']) {
  await record(`cluster-${name}.json`, `${ha}/clusters/${name}`);
}
for (const name of [
  'checkout',
  'cart',
  'legacy-reports',
  'orders-db',
  'payments-api',
]) {
  await record(
    `entity-${name}.json`,
    `${ha}/entities/component/default/${name}`,
  );
  await record(
    `history-${name}.json`,
    `${ha}/history/component/default/${name}`,
  );
}
await record(
  'summary-owner-team-shop.json',
  `${ha}/summary?groupBy=owner&key=group:default/team-shop`,
);
await record(
  'summary-system-shop.json',
  `${ha}/summary?groupBy=system&key=system:default/shop`,
);
await record(
  'summary-cluster-prod-eu.json',
  `${ha}/summary?groupBy=cluster&key=prod-eu`,
);
await record('refresh.json', `${ha}/refresh`);

const checks = await (
  await fetch(`${base}/api/tech-insights/checks`, { headers })
).json();
await writeFile(
  join(out, 'tech-insights-checks.json'),
  `${JSON.stringify(checks, null, 2)}\n`,
);
for (const name of ['checkout', 'cart']) {
  await record(
    `tech-insights-run-${name}.json`,
    `/api/tech-insights/checks/run/default/component/${name}`,
    { method: 'POST', body: JSON.stringify({ checks: checks.map(c => c.id) }) },
  );
}
