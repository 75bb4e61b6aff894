// The end-to-end scenarios, in order. Each gets { page, app, backend, auth, screenshot }.

async function signIn(page, app) {
  await page.goto(app);
  // The dev server's first load can be slow: wait for the guest sign-in card, then enter.
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ state: 'visible', timeout: 120_000 });
  await enter.click();
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
];
