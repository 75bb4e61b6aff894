import {
  clusterFrom,
  daemonSet,
  deployment,
  endpointSlice,
  k8sObject,
  nodes,
  runCheck,
  runOne,
  service,
} from '../../testing';
import { controlPlaneAdmissionWebhooks } from './control-plane-admission-webhooks';

const workers = nodes('w', 3, ['a', 'b', 'c']);
const webhookService = service('policy-webhook', {
  namespace: 'policy',
  selector: { app: 'policy' },
  ports: [{ name: 'https', port: 443, targetPort: 8443 }],
});

/** A ValidatingWebhookConfiguration whose webhooks are given as `[name, failurePolicy?, clientConfig?]`. */
function validating(
  name: string,
  webhooks: Array<{ name: string; failurePolicy?: string; clientConfig?: any }>,
) {
  return k8sObject(
    'admissionregistration.k8s.io/v1',
    'ValidatingWebhookConfiguration',
    name,
    {
      cluster: true,
      fields: {
        webhooks: webhooks.map(w => ({
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          rules: [
            {
              apiGroups: ['*'],
              apiVersions: ['*'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['*'],
            },
          ],
          clientConfig: w.clientConfig ?? {
            service: { namespace: 'policy', name: 'policy-webhook' },
          },
          ...w,
        })),
      },
    },
  );
}

const policy = validating('policy', [{ name: 'validate.policy.example' }]);
/** The same webhook, leaving its own namespace alone (as the Kubernetes docs advise). */
const sparingItself = validating('policy', [
  {
    name: 'validate.policy.example',
    namespaceSelector: {
      matchExpressions: [
        {
          key: 'kubernetes.io/metadata.name',
          operator: 'NotIn',
          values: ['policy'],
        },
      ],
    },
  } as any,
]);

describe('control-plane-admission-webhooks', () => {
  it('passes a webhook that fails closed on endpoints over several nodes', () => {
    const outcome = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom([
        ...workers,
        policy,
        webhookService,
        endpointSlice(webhookService, [{ node: 'w-1' }, { node: 'w-2' }]),
      ]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'ValidatingWebhookConfiguration policy fails closed on replicated backends: validate.policy.example: Service policy/policy-webhook has 2 ready endpoints on 2 nodes',
    );
    expect(outcome.target).toMatchObject({
      kind: 'ValidatingWebhookConfiguration',
      name: 'policy',
    });
  });

  it('warns on one endpoint, or all on one node (failurePolicy defaults to Fail)', () => {
    const single = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom([
        ...workers,
        policy,
        webhookService,
        endpointSlice(webhookService, [{ node: 'w-1' }]),
      ]),
    );
    expect(single.status).toBe('warn');
    expect(single.message).toContain('a single point of failure');
    expect(
      runOne(
        controlPlaneAdmissionWebhooks,
        clusterFrom([
          ...workers,
          policy,
          webhookService,
          endpointSlice(webhookService, [
            { node: 'w-1' },
            { node: 'w-1', ip: '10.0.0.9' },
          ]),
        ]),
      ).status,
    ).toBe('warn');
  });

  it('fails without a ready endpoint or without its Service', () => {
    const down = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom([
        ...workers,
        policy,
        webhookService,
        endpointSlice(webhookService, [{ node: 'w-1', ready: false }]),
      ]),
    );
    expect(down.status).toBe('fail');
    expect(down.message).toBe(
      'ValidatingWebhookConfiguration policy fails closed with no working backend: validate.policy.example: Service policy/policy-webhook has 0 ready endpoints; the API server rejects every request its rules match',
    );
    expect(
      runOne(controlPlaneAdmissionWebhooks, clusterFrom([...workers, policy]))
        .message,
    ).toContain('Service policy/policy-webhook does not exist');
  });

  it('skips webhooks that fail open or are called by URL, and a cluster without webhooks', () => {
    const open = validating('open', [
      { name: 'open.example', failurePolicy: 'Ignore' },
    ]);
    const external = validating('external', [
      { name: 'url.example', clientConfig: { url: 'https://10.0.0.1/v' } },
    ]);
    const outcomes = runCheck(
      controlPlaneAdmissionWebhooks,
      clusterFrom([...workers, open, external]),
    );
    expect(outcomes.map(o => [o.status, o.message])).toEqual([
      [
        'skipped',
        'ValidatingWebhookConfiguration open has no webhook that fails closed on a Service of the cluster',
      ],
      [
        'skipped',
        "ValidatingWebhookConfiguration external has no webhook that fails closed on a Service of the cluster (url.example is called by URL, outside the cluster's view)",
      ],
    ]);
    expect(
      runOne(controlPlaneAdmissionWebhooks, clusterFrom(workers)).message,
    ).toBe('No admission webhook is configured');
  });

  it('fails a Service the API server cannot call: headless, or without the port the webhook calls', () => {
    const headless = service('policy-webhook', {
      namespace: 'policy',
      selector: { app: 'policy' },
      ports: [{ name: 'https', port: 443, targetPort: 8443 }],
    });
    headless.spec.clusterIP = 'None';
    const slices = (svc: any) =>
      endpointSlice(svc, [{ node: 'w-1' }, { node: 'w-2' }]);
    const noClusterIp = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom([...workers, policy, headless, slices(headless)]),
    );
    expect(noClusterIp.status).toBe('fail');
    expect(noClusterIp.message).toContain(
      'Service policy/policy-webhook is headless: the API server calls webhooks through a cluster IP',
    );
    const onPort = validating('policy', [
      {
        name: 'validate.policy.example',
        clientConfig: {
          service: { namespace: 'policy', name: 'policy-webhook', port: 9443 },
        },
      },
    ]);
    expect(
      runOne(
        controlPlaneAdmissionWebhooks,
        clusterFrom([
          ...workers,
          onPort,
          webhookService,
          slices(webhookService),
        ]),
      ).message,
    ).toContain('Service policy/policy-webhook has no port 9443');
  });

  it('leaves an ExternalName Service to the outside, and judges endpoints without nodes by count', () => {
    const external = service('policy-webhook', { namespace: 'policy' });
    external.spec = {
      type: 'ExternalName',
      externalName: 'policy.example.com',
    };
    const outside = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom([...workers, policy, external]),
    );
    expect(outside.status).toBe('skipped');
    expect(outside.message).toContain(
      "validate.policy.example is called by URL, outside the cluster's view",
    );
    const byHand = service('policy-webhook', {
      namespace: 'policy',
      ports: [{ name: 'https', port: 443, targetPort: 8443 }],
    });
    const nodeless = (count: number) =>
      runOne(
        controlPlaneAdmissionWebhooks,
        clusterFrom([
          ...workers,
          policy,
          byHand,
          endpointSlice(
            byHand,
            Array.from({ length: count }, (_, i) => ({
              ip: `10.1.0.${i + 1}`,
            })),
          ),
        ]),
      );
    expect(nodeless(2).status).toBe('pass');
    expect(nodeless(2).message).toContain(
      'has 2 ready endpoints (their nodes are not reported)',
    );
    expect(nodeless(1).status).toBe('warn');
  });

  it('judges mutating webhooks too, each configuration by its worst backend', () => {
    const mutating = k8sObject(
      'admissionregistration.k8s.io/v1',
      'MutatingWebhookConfiguration',
      'injector',
      {
        cluster: true,
        fields: {
          webhooks: [
            {
              name: 'inject.example',
              clientConfig: {
                service: { namespace: 'policy', name: 'policy-webhook' },
              },
            },
            {
              name: 'other.example',
              clientConfig: { service: { namespace: 'policy', name: 'gone' } },
            },
          ],
        },
      },
    );
    const outcome = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom([
        ...workers,
        mutating,
        webhookService,
        endpointSlice(webhookService, [{ node: 'w-1' }, { node: 'w-2' }]),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'other.example: Service policy/gone does not exist',
    );
    expect(outcome.evidence).toMatchObject({
      failClosed: ['inject.example', 'other.example'],
    });
  });

  it('judges declared replicas in a manifests scan', () => {
    const single = deployment('policy', { namespace: 'policy', replicas: 1 });
    const outcome = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom([policy, webhookService, single]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'Service policy/policy-webhook selects Deployment policy with 1 replica',
    );
    expect(
      runOne(
        controlPlaneAdmissionWebhooks,
        clusterFrom([
          sparingItself,
          webhookService,
          deployment('policy', { namespace: 'policy', replicas: 3 }),
        ]),
      ).status,
    ).toBe('pass');
    // The backend is deployed from elsewhere.
    expect(
      runOne(controlPlaneAdmissionWebhooks, clusterFrom([policy])).status,
    ).toBe('skipped');
    // Scaled to zero: nothing answers.
    expect(
      runOne(
        controlPlaneAdmissionWebhooks,
        clusterFrom([
          policy,
          webhookService,
          deployment('policy', { namespace: 'policy', replicas: 0 }),
        ]),
      ).status,
    ).toBe('fail');
    // A DaemonSet runs on every node: replicated by design.
    const agent = daemonSet('policy', { namespace: 'policy' });
    const onNodes = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom([sparingItself, webhookService, agent]),
    );
    expect(onNodes.status).toBe('pass');
    expect(onNodes.message).toContain(
      'Service policy/policy-webhook selects DaemonSet policy',
    );
  });

  it("warns when a replicated webhook judges its own backend's pods (self-deadlock)", () => {
    const backend = deployment('policy', { namespace: 'policy', replicas: 3 });
    const objects = (configuration: any) => [
      ...workers,
      configuration,
      webhookService,
      backend,
      endpointSlice(webhookService, [{ node: 'w-1' }, { node: 'w-2' }]),
    ];
    const deadlock = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom(objects(policy)),
    );
    expect(deadlock.status).toBe('warn');
    expect(deadlock.message).toContain(
      "validate.policy.example also judges the creation of its own backend's pods, so once they are all down the API server refuses their replacements",
    );
    expect(deadlock.evidence).toMatchObject({
      blocksOwnPods: ['validate.policy.example'],
    });
    expect(
      runOne(controlPlaneAdmissionWebhooks, clusterFrom(objects(sparingItself)))
        .status,
    ).toBe('pass');
    // Rules about other resources, or an objectSelector leaving its pods out, cannot deadlock.
    const onIngresses = validating('policy', [
      {
        name: 'validate.policy.example',
        rules: [
          {
            apiGroups: ['networking.k8s.io'],
            apiVersions: ['v1'],
            operations: ['CREATE'],
            resources: ['ingresses'],
          },
        ],
      } as any,
    ]);
    expect(
      runOne(controlPlaneAdmissionWebhooks, clusterFrom(objects(onIngresses)))
        .status,
    ).toBe('pass');
    const notOwnPods = validating('policy', [
      {
        name: 'validate.policy.example',
        objectSelector: {
          matchExpressions: [
            { key: 'app', operator: 'NotIn', values: ['policy'] },
          ],
        },
      } as any,
    ]);
    expect(
      runOne(controlPlaneAdmissionWebhooks, clusterFrom(objects(notOwnPods)))
        .status,
    ).toBe('pass');
  });

  it('is unknown when webhook configurations or EndpointSlices cannot be read', () => {
    expect(
      runOne(
        controlPlaneAdmissionWebhooks,
        clusterFrom([...workers, policy], {
          fetch: {
            'validatingwebhookconfigurations.admissionregistration.k8s.io':
              'forbidden',
          },
        }),
      ).status,
    ).toBe('unknown');
    const slices = runOne(
      controlPlaneAdmissionWebhooks,
      clusterFrom([...workers, policy, webhookService], {
        fetch: { 'endpointslices.discovery.k8s.io': 'forbidden' },
      }),
    );
    expect(slices.status).toBe('unknown');
    expect(slices.message).toContain(
      'Cannot tell whether webhook backends answer',
    );
  });
});
