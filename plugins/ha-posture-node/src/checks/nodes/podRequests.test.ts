import { podLimit, podRequests } from './podRequests';

const pod = (spec: any) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns' },
  spec,
});

const GiB = 2 ** 30;

describe('podRequests', () => {
  it('adds up the app containers', () => {
    expect(
      podRequests(
        pod({
          containers: [
            { resources: { requests: { cpu: '250m', memory: '1Gi' } } },
            { resources: { requests: { cpu: '1' } } },
          ],
        }),
      ),
    ).toEqual({ cpu: 1.25, memory: GiB });
  });

  it('counts a container without requests as 0, and a lone limit as the request', () => {
    expect(
      podRequests(
        pod({
          containers: [
            {},
            { resources: { limits: { cpu: '500m', memory: '2Gi' } } },
          ],
        }),
      ),
    ).toEqual({ cpu: 0.5, memory: 2 * GiB });
  });

  it('takes the largest init container when it needs more than the app containers', () => {
    expect(
      podRequests(
        pod({
          initContainers: [
            { resources: { requests: { cpu: '2', memory: '128Mi' } } },
          ],
          containers: [
            { resources: { requests: { cpu: '1', memory: '1Gi' } } },
          ],
        }),
      ),
    ).toEqual({ cpu: 2, memory: GiB });
  });

  it('runs sidecars beside the app containers and the later init containers', () => {
    const requests = podRequests(
      pod({
        initContainers: [
          {
            restartPolicy: 'Always',
            resources: { requests: { cpu: '500m', memory: '0' } },
          },
          { resources: { requests: { cpu: '1', memory: '0' } } },
        ],
        containers: [{ resources: { requests: { cpu: '200m', memory: '0' } } }],
      }),
    );
    // Running: 0.2 + 0.5 sidecar = 0.7; init step: 1 + 0.5 sidecar = 1.5.
    expect(requests?.cpu).toBeCloseTo(1.5, 9);
  });

  it('uses pod-level requests where set, and adds the overhead', () => {
    expect(
      podRequests(
        pod({
          resources: { requests: { cpu: '3' } },
          overhead: { cpu: '100m', memory: '64Mi' },
          containers: [
            { resources: { requests: { cpu: '1', memory: '1Gi' } } },
          ],
        }),
      ),
    ).toEqual({ cpu: 3.1, memory: GiB + 64 * 2 ** 20 });
  });

  it('is undefined when a value is no quantity', () => {
    expect(
      podRequests(
        pod({ containers: [{ resources: { requests: { cpu: 'lots' } } }] }),
      ),
    ).toBeUndefined();
  });

  it('reads a pod without containers as requesting nothing', () => {
    expect(podRequests(pod({}))).toEqual({ cpu: 0, memory: 0 });
  });
});

describe('podRequests of other resources', () => {
  it('counts GPUs, ephemeral storage and hugepages, a lone limit as the request', () => {
    expect(
      podRequests(
        pod({
          containers: [
            {
              resources: {
                requests: { cpu: '1', 'ephemeral-storage': '2Gi' },
                limits: { 'nvidia.com/gpu': 1, 'hugepages-2Mi': '64Mi' },
              },
            },
          ],
        }),
      ),
    ).toEqual({
      cpu: 1,
      memory: 0,
      other: {
        'ephemeral-storage': 2 * GiB,
        'nvidia.com/gpu': 1,
        'hugepages-2Mi': 64 * 2 ** 20,
      },
    });
  });

  it('leaves out other resources requested at 0', () => {
    expect(
      podRequests(
        pod({
          containers: [
            { resources: { requests: { 'example.com/dongle': '0' } } },
          ],
        }),
      ),
    ).toEqual({ cpu: 0, memory: 0 });
  });
});

describe('podLimit', () => {
  it('sums limits as requests are summed, a container without a limit counting 0 (a request is no limit)', () => {
    const spec = {
      initContainers: [
        { resources: { limits: { cpu: '2' } } },
        { restartPolicy: 'Always', resources: { limits: { cpu: '500m' } } },
      ],
      containers: [
        { resources: { limits: { cpu: '1' }, requests: { cpu: '1' } } },
        { resources: { requests: { cpu: '3' } } },
      ],
      overhead: { cpu: '100m' },
    };
    // Running: 1 + the 500m sidecar; the first init step alone needs 2: the larger, plus overhead.
    expect(podLimit(pod(spec), 'cpu')).toBeCloseTo(2.1);
    expect(
      podLimit(
        pod({ containers: [{ resources: { limits: { memory: 'lots' } } }] }),
        'memory',
      ),
    ).toBeUndefined();
  });
});
