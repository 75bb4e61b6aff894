// The end-to-end scenarios, in order. Each gets { page, app, backend, auth, screenshot }.

async function signIn(page, app) {
  // The dev server's first load can be slow, and on a loaded machine the first guest sign-in can
  // fail while the backend is still busy: wait for the guest card, enter, and retry if refused.
  for (let attempt = 1; ; attempt++) {
    await page.goto(app);
    const enter = page.getByRole('button', { name: /enter/i });
    await enter.waitFor({ state: 'visible', timeout: 120_000 });
    await enter.click();
    const signedIn = await enter
      .waitFor({ state: 'detached', timeout: 30_000 })
      .then(() => true, () => false);
    if (signedIn || attempt === 3) return;
  }
}

async function expectText(page, text, options = {}) {
  await page.getByText(text, options).first().waitFor({ state: 'visible' });
}

export const scenarios = [
  {
    name: 'guest sign-in shows the catalog',
    async run({ page, app, screenshot }) {
      await signIn(page, app);
      await expectText(page, 'checkout');
      await screenshot('catalog');
    },
  },
  {
    name: 'Kubernetes tab of checkout shows its pods from the example clusters',
    async run({ page, app, screenshot }) {
      await page.goto(`${app}/catalog/default/component/checkout/kubernetes`);
      await expectText(page, 'Production EU (kubeadm)');
      await expectText(page, 'Production US (EKS)');
      await expectText(page, '3 pods');
      await page.getByText('Production EU (kubeadm)').first().click();
      // The Deployment's pods, as the Kubernetes plugin lists them from the example cluster.
      await page.getByText(/checkout/i).nth(1).waitFor();
      await page.getByText(/pods?/i).first().waitFor();
      await screenshot('kubernetes-tab');
    },
  },
  {
    name: 'HA tab of cart shows score, categories and the HPA floor finding with its remediation',
    async run({ page, app, screenshot }) {
      await page.goto(`${app}/catalog/default/component/cart/ha`);
      await page.getByLabel('HA score').first().waitFor();
      const categories = page.getByLabel('HA categories').first();
      await categories.waitFor();
      for (const category of ['Control plane', 'Replicas', 'Spread', 'Disruption', 'Backups', 'Monitoring']) {
        await categories.getByText(category, { exact: false }).first().waitFor();
      }
      await expectText(page, 'replicas-min-floor');
      await expectText(page, /HPA cart has minReplicas 1/);
      await expectText(page, /Set minReplicas of HPA cart to at least 3/);
      await screenshot('ha-tab-cart');
    },
  },
  {
    name: 'HA tab of catalog-search shows the single ingress controller pod in front of its Ingress and IngressRoute in dev',
    async run({ page, app, screenshot }) {
      await page.goto(`${app}/catalog/default/component/catalog-search/ha`);
      await page.getByLabel('HA score').first().waitFor();
      await expectText(page, 'network-entry-path');
      await expectText(
        page,
        /Ingress shop\/catalog-search, IngressRoute shop\/catalog-search-api → IngressClass traefik \(traefik\.io\/ingress-controller\), served by Deployment kube-system\/traefik, has a single ready replica/,
      );
      await screenshot('ha-tab-entry-path');
    },
  },
  {
    name: 'HA tab shows the zone map of where the pods run',
    async run({ page, app, screenshot }) {
      await page.goto(`${app}/catalog/default/component/catalog-search/ha`);
      await page.getByLabel(/^Zone /).first().waitFor();
      await page.getByLabel(/^Pod catalog-search/).first().waitFor();
      await screenshot('ha-tab-zone-map');
    },
  },
  {
    name: 'clusters page lists every example cluster and opens one with its topology',
    async run({ page, app, screenshot }) {
      await page.goto(`${app}/ha-posture`);
      for (const name of ['prod-eu', 'prod-us', 'staging-eu', 'dev-k3s']) {
        await expectText(page, name);
      }
      await screenshot('clusters-page');
      await page.goto(`${app}/ha-posture/clusters/prod-eu`);
      for (const zone of ['eu-central-1a', 'eu-central-1b', 'eu-central-1c']) {
        await expectText(page, zone);
      }
      await page.getByText('control plane', { exact: true }).first().waitFor();
      await expectText(page, 'nodes-not-ready');
      // The services running on the cluster, worst first, each linking to its catalog page.
      const services = page.getByLabel('Entities, worst first by grade').first();
      await services.waitFor();
      await services.getByRole('link', { name: /Legacy Reports|legacy-reports/ }).first().waitFor();
      await screenshot('cluster-prod-eu');
    },
  },
  {
    name: 'overview of checkout shows the HA summary card',
    async run({ page, app, screenshot }) {
      await page.goto(`${app}/catalog/default/component/checkout`);
      await page.getByLabel('HA score').first().waitFor();
      await screenshot('overview-checkout');
    },
  },
  {
    name: 'HA scorecard card shows the Tech Insights HA checks by level',
    async run({ page, app, screenshot }) {
      // Facts come from the retriever's first run after the HA refresh: reload until they show.
      const deadline = Date.now() + 150_000;
      for (;;) {
        await page.goto(`${app}/catalog/default/component/checkout`);
        const bronze = page.getByLabel(/Bronze checks/i).first();
        if (await bronze.waitFor({ timeout: 20_000 }).then(() => true, () => false)) break;
        if (Date.now() > deadline) throw new Error('scorecard never showed the bronze checks');
      }
      await expectText(page, /at least 2 replicas/i);
      await screenshot('scorecard-checkout');
    },
  },
  {
    name: 'team page shows the HA roll-up, worst first',
    async run({ page, app, screenshot }) {
      await page.goto(`${app}/catalog/default/group/team-shop`);
      await page.getByLabel('Entities, worst first by grade').first().waitFor();
      await expectText(page, 'checkout');
      await screenshot('group-rollup');
    },
  },
  {
    name: 'check catalog lists each check with its parameters and the values they accept',
    async run({ page, app, screenshot }) {
      await page.goto(`${app}/ha-posture/checks#replicas-min-floor`);
      const parameters = page.getByRole('table', { name: 'Parameters of replicas-min-floor' });
      await parameters.waitFor();
      for (const text of ['minReplicas', 'minReplicasMultiZone', 'whole number ≥ 1']) {
        await parameters.getByText(text, { exact: true }).first().waitFor();
      }
      // The search narrows the catalog to matching checks.
      await page.getByLabel('Search checks').fill('failure-headroom');
      await expectText(page, 'nodes-failure-headroom');
      await page.getByText('replicas-min-floor', { exact: true }).waitFor({ state: 'detached' });
      await screenshot('check-catalog');
    },
  },
];
