// The end-to-end scenarios, in order. Each gets { page, app, backend, auth, screenshot }.

async function signIn(page, app) {
  await page.goto(app);
  const enter = page.getByRole('button', { name: /enter/i });
  if (await enter.isVisible({ timeout: 15_000 }).catch(() => false)) {
    await enter.click();
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
      await expectText(page, 'prod-eu');
      await page.getByText('prod-eu').first().click();
      await expectText(page, /checkout-[a-z0-9]+-[a-z0-9]{5}/);
      await screenshot('kubernetes-tab');
    },
  },
];
