import { K8sObject } from '../../model';
import {
  clusterFrom,
  daemonSet,
  deployment,
  hpa,
  nodes,
  podsFor,
  pvc,
  runCheck,
  runOne,
  statefulSet,
} from '../../testing';
import { storageSharedClaim } from './storage-shared-claim';

const workers = nodes('w', 3, ['a', 'b', 'c']);

/** A Deployment whose pod template mounts the claims (every replica the same ones). */
function mounting(
  claims: string[],
  options: { replicas?: number; readOnly?: boolean } = {},
): K8sObject {
  return deployment('uploads', {
    replicas: options.replicas ?? 3,
    podSpec: {
      containers: [
        {
          name: 'app',
          image: 'app:1',
          volumeMounts: claims.map(c => ({ name: c, mountPath: `/${c}` })),
        },
      ],
      volumes: claims.map(c => ({
        name: c,
        persistentVolumeClaim: {
          claimName: c,
          ...(options.readOnly ? { readOnly: true } : {}),
        },
      })),
    },
  });
}

function boundClaim(name: string, modes: string[]): K8sObject {
  const claim = pvc(name, {
    volumeName: `pv-${name}`,
    accessModes: modes,
  });
  claim.status = { ...claim.status, accessModes: modes };
  return claim;
}

describe('storage-shared-claim', () => {
  it('fails replicas that share a ReadWriteOnce claim, naming where the pods run', () => {
    const web = mounting(['data']);
    const outcome = runOne(
      storageSharedClaim,
      clusterFrom([
        ...workers,
        boundClaim('data', ['ReadWriteOnce']),
        web,
        ...podsFor(web, ['w-1', 'w-1', 'w-1']),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Claim data is ReadWriteOnce: it attaches to one node at a time, so all 3 replicas must run on that node and its failure or drain takes them all (a replica scheduled elsewhere waits with a Multi-Attach error); running pods are on 1 node (w-1)',
    );
    expect(outcome.evidence).toMatchObject({
      replicas: 3,
      claims: { data: ['ReadWriteOnce'] },
      runningOnNodes: ['w-1'],
    });
  });

  it('names only the nodes of running pods: one stuck attaching elsewhere is not running', () => {
    const web = mounting(['data']);
    const pods = podsFor(web, ['w-1', 'w-1', 'w-2'], {
      ready: [true, true, false],
    });
    const attaching = pods.find(
      p => p.kind === 'Pod' && p.spec?.nodeName === 'w-2',
    )!;
    attaching.status = { ...attaching.status, phase: 'Pending' };
    const outcome = runOne(
      storageSharedClaim,
      clusterFrom([
        ...workers,
        boundClaim('data', ['ReadWriteOnce']),
        web,
        ...pods,
      ]),
    );
    expect(outcome.message).toMatch(/running pods are on 1 node \(w-1\)$/);
  });

  it('fails a DaemonSet whose pods on every node mount one ReadWriteOnce claim', () => {
    const agent = daemonSet('agent', {
      desired: 3,
      podSpec: {
        containers: [{ name: 'agent', image: 'agent:1' }],
        volumes: [
          { name: 'state', persistentVolumeClaim: { claimName: 'state' } },
        ],
      },
    });
    const outcome = runOne(
      storageSharedClaim,
      clusterFrom([
        ...workers,
        boundClaim('state', ['ReadWriteOnce']),
        agent,
        ...podsFor(agent, ['w-1', 'w-2', 'w-3']),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^Claim state is ReadWriteOnce: it attaches to one node at a time, so of the 3 pods, one per node, only the one on that node can start/,
    );
  });

  it('fails a ReadWriteOncePod claim: only one replica can run', () => {
    const web = mounting(['data'], { replicas: 2 });
    const outcome = runOne(
      storageSharedClaim,
      clusterFrom([
        ...workers,
        boundClaim('data', ['ReadWriteOncePod']),
        web,
        ...podsFor(web, ['w-1', undefined]),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^Claim data is ReadWriteOncePod: only one pod at a time can use it, so 1 of the 2 replicas cannot start/,
    );
  });

  it('passes claims several nodes can mount, judged by the bound volume’s modes', () => {
    const web = mounting(['shared']);
    const rwx = runOne(
      storageSharedClaim,
      clusterFrom([
        ...workers,
        boundClaim('shared', ['ReadWriteMany']),
        web,
        ...podsFor(web, ['w-1', 'w-2', 'w-3']),
      ]),
    );
    expect(rwx).toMatchObject({
      status: 'pass',
      message:
        'Claim shared can be mounted from several nodes at once (ReadWriteMany): the replicas can run on different nodes',
    });
    // The claim asked for ReadWriteOnce; the NFS volume it was bound to offers ReadWriteMany.
    const asked = pvc('shared', {
      volumeName: 'pv-nfs',
      accessModes: ['ReadWriteOnce'],
    });
    asked.status = { phase: 'Bound', accessModes: ['ReadWriteMany'] };
    expect(
      runOne(storageSharedClaim, clusterFrom([...workers, asked, web])).status,
    ).toBe('pass');
    // Read-only for many nodes.
    expect(
      runOne(
        storageSharedClaim,
        clusterFrom([
          ...workers,
          boundClaim('shared', ['ReadOnlyMany']),
          mounting(['shared'], { readOnly: true }),
        ]),
      ).status,
    ).toBe('pass');
  });

  it('the worst claim decides', () => {
    const web = mounting(['shared', 'cache']);
    const outcome = runOne(
      storageSharedClaim,
      clusterFrom([
        ...workers,
        boundClaim('shared', ['ReadWriteMany']),
        boundClaim('cache', ['ReadWriteOnce']),
        web,
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/^Claim cache is ReadWriteOnce/);
  });

  it('skips workloads without shared claims: StatefulSet claim templates give each pod its own', () => {
    const db = statefulSet('db', { replicas: 3 });
    expect(
      runOne(storageSharedClaim, clusterFrom([...workers, db])),
    ).toMatchObject({
      status: 'skipped',
      message: 'StatefulSet default/db mounts no claim shared by its replicas',
    });
  });

  it('skips a single replica, and counts the HPA floor', () => {
    const single = mounting(['data'], { replicas: 1 });
    const claim = boundClaim('data', ['ReadWriteOnce']);
    expect(
      runOne(storageSharedClaim, clusterFrom([...workers, claim, single]))
        .status,
    ).toBe('skipped');
    const scaled = runOne(
      storageSharedClaim,
      clusterFrom([...workers, claim, single, hpa(single, 2, 4)]),
    );
    expect(scaled.status).toBe('fail');
    expect(scaled.message).toContain('all 2 replicas must run on that node');
  });

  it('is unknown when claims cannot be read, do not exist or report no modes', () => {
    const web = mounting(['data']);
    expect(
      runOne(
        storageSharedClaim,
        clusterFrom([...workers, web, ...podsFor(web, ['w-1'])], {
          fetch: { persistentvolumeclaims: 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
    const missing = runOne(
      storageSharedClaim,
      clusterFrom([...workers, boundClaim('other', ['ReadWriteOnce']), web]),
    );
    expect(missing.status).toBe('unknown');
    expect(missing.message).toBe(
      'Claim data does not exist in namespace default: pods that mount it cannot start, and its access modes are not known',
    );
    const noModes = boundClaim('data', []);
    delete noModes.spec!.accessModes;
    expect(
      runOne(storageSharedClaim, clusterFrom([...workers, noModes, web])),
    ).toMatchObject({
      status: 'unknown',
      message:
        'The access modes of claim data are not reported: whether replicas on different nodes can mount it is not known',
    });
  });

  it('skips a claim that a manifests scan does not hold', () => {
    const outcome = runOne(
      storageSharedClaim,
      clusterFrom([mounting(['data'])], { mode: 'manifests' }),
    );
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toMatch(
      /^Claim data is not among the scanned objects/,
    );
    expect(
      runOne(
        storageSharedClaim,
        clusterFrom(
          [mounting(['data']), pvc('data', { accessModes: ['ReadWriteOnce'] })],
          { mode: 'manifests' },
        ),
      ).status,
    ).toBe('fail');
  });

  it('never passes on malformed volumes or access modes', () => {
    const web = mounting(['data']);
    const variants: Array<[string, (o: K8sObject[]) => void]> = [
      ['volumes a string', o => (o[1].spec.template.spec.volumes = 'data')],
      [
        'claim source a number',
        o => (o[1].spec.template.spec.volumes[0].persistentVolumeClaim = 5),
      ],
      [
        'claimName a number',
        o =>
          (o[1].spec.template.spec.volumes[0].persistentVolumeClaim.claimName = 7),
      ],
      ['modes a string', o => (o[0].status.accessModes = 'ReadWriteMany')],
      ['modes numbers', o => (o[0].status.accessModes = [1, 2])],
    ];
    for (const [label, mutate] of variants) {
      const objects = [boundClaim('data', ['ReadWriteOnce']), web].map(o =>
        structuredClone(o),
      );
      objects[0].spec!.accessModes = ['ReadWriteOnce'];
      mutate(objects);
      // A malformed object may also be dropped where it enters the engine: no outcome at all.
      const statuses = runCheck(
        storageSharedClaim,
        clusterFrom([...workers, ...objects]),
      ).map(o => o.status);
      expect([label, statuses]).not.toEqual([label, ['pass']]);
    }
  });
});
