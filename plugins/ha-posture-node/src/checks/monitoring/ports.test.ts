import { service } from '../../testing';
import {
  podExposesPort,
  podMetricsEndpointPort,
  serviceEndpointScrapes,
} from './ports';

/** A pod spec with one container declaring the ports. */
const podSpec = (ports: object[]) => ({
  containers: [{ name: 'app', image: 'web:1', ports }],
});
const declared = podSpec([
  { name: 'http', containerPort: 8080 },
  { name: 'metrics', containerPort: 9090 },
]);
const undeclared = podSpec([]);

describe('podExposesPort', () => {
  it('matches a name against declared port names and a number against declared containerPorts', () => {
    expect(podExposesPort(declared, 'metrics')).toBe(true);
    expect(podExposesPort(declared, 'prom')).toBe(false);
    expect(podExposesPort(declared, 9090)).toBe(true);
    expect(podExposesPort(declared, 9100)).toBe(false);
  });

  it('takes a number on trust when no port is declared, never a name; unset means any port', () => {
    expect(podExposesPort(undeclared, 9100)).toBe(true);
    expect(podExposesPort(undeclared, 'metrics')).toBe(false);
    expect(podExposesPort(declared, undefined)).toBe(true);
    expect(podExposesPort(declared, '')).toBe(true);
  });
});

describe('podMetricsEndpointPort', () => {
  it('reads port, then portNumber, then the deprecated targetPort', () => {
    expect(podMetricsEndpointPort({ port: 'metrics', portNumber: 1 })).toBe(
      'metrics',
    );
    expect(podMetricsEndpointPort({ port: '', portNumber: 9090 })).toBe(9090);
    expect(podMetricsEndpointPort({ targetPort: 'prom' })).toBe('prom');
    expect(podMetricsEndpointPort({ targetPort: 9090 })).toBe(9090);
    expect(podMetricsEndpointPort({ path: '/metrics' })).toBeUndefined();
  });
});

describe('serviceEndpointScrapes', () => {
  const web = service('web', {
    namespace: 'shop',
    selector: { app: 'web' },
    ports: [
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'metrics', port: 9090, targetPort: 9090 },
    ],
  });
  const httpOnly = service('web', {
    namespace: 'shop',
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
  });
  const namedTarget = service('web', {
    namespace: 'shop',
    selector: { app: 'web' },
    ports: [{ name: 'metrics', port: 80, targetPort: 'metrics' }],
  });

  it('matches `port` against the Service port names', () => {
    expect(serviceEndpointScrapes({ port: 'metrics' }, web, declared)).toBe(
      true,
    );
    expect(serviceEndpointScrapes({ port: 'prom' }, web, declared)).toBe(false);
    // `port` wins over targetPort, as in the operator's relabelling.
    expect(
      serviceEndpointScrapes(
        { port: 'prom', targetPort: 'metrics' },
        web,
        declared,
      ),
    ).toBe(false);
  });

  it('matches `targetPort` against the container port a Service port forwards to, by name or number', () => {
    expect(
      serviceEndpointScrapes({ targetPort: 'metrics' }, web, declared),
    ).toBe(true);
    expect(serviceEndpointScrapes({ targetPort: 9090 }, web, declared)).toBe(
      true,
    );
    // A Service targetPort given by name leads to the container port of that name.
    expect(
      serviceEndpointScrapes({ targetPort: 9090 }, namedTarget, declared),
    ).toBe(true);
  });

  it('does not take a Service port for the pod port, nor a pod port the Service does not forward to', () => {
    expect(serviceEndpointScrapes({ targetPort: 80 }, httpOnly, declared)).toBe(
      false,
    );
    expect(
      serviceEndpointScrapes({ targetPort: 'metrics' }, httpOnly, declared),
    ).toBe(false);
  });

  it('takes a number on trust when the pods declare no port, never a name', () => {
    expect(serviceEndpointScrapes({ targetPort: 9090 }, web, undeclared)).toBe(
      true,
    );
    expect(
      serviceEndpointScrapes({ targetPort: 'metrics' }, web, undeclared),
    ).toBe(false);
    expect(
      serviceEndpointScrapes({ targetPort: 9090 }, namedTarget, undeclared),
    ).toBe(false);
  });

  it('scrapes every port of an endpoint that names none', () => {
    expect(serviceEndpointScrapes({ path: '/metrics' }, web, declared)).toBe(
      true,
    );
  });
});
