import { K8sObject } from '../../model';
import {
  clusterFrom,
  deployment,
  nodes,
  podsFor,
  runCheck,
  runOne,
  service,
  statefulSet,
} from '../../testing';
import { networkServiceReadyOnly } from './network-service-ready-only';

const workers = nodes('w', 3, ['a', 'b', 'c']);

/** A Service selecting app=<selects>, with the spec fields given. */
function svc(
  name: string,
  selects: string,
  spec: Record<string, unknown> = {},
  type?: 'ClusterIP' | 'LoadBalancer',
): K8sObject {
  const object = service(name, { selector: { app: selects }, type });
  object.spec = { ...object.spec, ...spec };
  return object;
}

describe('network-service-ready-only', () => {
  it('warns on a Service that publishes not-ready addresses behind its cluster IP', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      networkServiceReadyOnly,
      clusterFrom([
        ...workers,
        web,
        ...podsFor(web, ['w-1', 'w-2', 'w-3']),
        svc('web', 'web', { publishNotReadyAddresses: true }, 'LoadBalancer'),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'Service default/web publishes not-ready addresses (publishNotReadyAddresses: true) behind its cluster IP: clients reach pods of Deployment default/web that are starting, failing their readiness probe or shutting down',
    );
    expect(outcome.target).toMatchObject({ kind: 'Service', name: 'web' });
    expect(outcome.evidence).toMatchObject({ type: 'LoadBalancer' });
  });

  it('leaves headless Services for peer discovery alone, and names only the Services that route to unready pods', () => {
    const db = statefulSet('db', { replicas: 3 });
    const headless = svc('db-headless', 'db', {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
    });
    expect(
      runOne(networkServiceReadyOnly, clusterFrom([...workers, db, headless])),
    ).toMatchObject({
      status: 'skipped',
      message:
        'No Service with a cluster IP publishes not-ready addresses of StatefulSet default/db',
    });
    const outcomes = runCheck(
      networkServiceReadyOnly,
      clusterFrom([
        ...workers,
        db,
        headless,
        svc('db', 'db'),
        svc('db-peers', 'db', { publishNotReadyAddresses: true }),
      ]),
    );
    expect(outcomes.map(o => [o.status, o.target?.name])).toEqual([
      ['warn', 'db-peers'],
    ]);
  });

  it('judges manifests too: it is configuration', () => {
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(
        networkServiceReadyOnly,
        clusterFrom(
          [web, svc('web', 'web', { publishNotReadyAddresses: true })],
          {
            mode: 'manifests',
          },
        ),
      ).status,
    ).toBe('warn');
  });

  it('is unknown when Services cannot be read, and never passes on a malformed flag', () => {
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(
        networkServiceReadyOnly,
        clusterFrom([web], { fetch: { services: 'forbidden' } }),
      ).status,
    ).toBe('unknown');
    const statuses = runCheck(
      networkServiceReadyOnly,
      clusterFrom([
        web,
        svc('web', 'web', { publishNotReadyAddresses: 'true' }),
      ]),
    ).map(o => o.status);
    expect(statuses).not.toContain('pass');
  });
});
