import {
  backupStorageLocation as bsl,
  clusterFrom,
  deployment,
  nodes,
  runCheck,
  runOne,
  veleroSchedule,
} from '../../testing';
import { backupOffsite } from './backup-offsite';

const eks = () =>
  nodes('w', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c'], {
    region: 'us-east-1',
  });
const run = (objects: any[], options: Parameters<typeof clusterFrom>[1] = {}) =>
  runCheck(backupOffsite, clusterFrom(objects, options));

describe('backup-offsite', () => {
  it('passes a location in another region', () => {
    const [outcome] = run([
      ...eks(),
      veleroSchedule('daily'),
      bsl('default', { region: 'us-west-2' }),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('us-west-2');
    expect(outcome.message).toContain('us-east-1');
  });

  it('warns for a location in the cluster region (derived from zones when nodes have no region label)', () => {
    const [outcome] = run([
      ...nodes('w', 3, ['us-east-1a', 'us-east-1b']),
      veleroSchedule('daily'),
      bsl('default', { region: 'us-east-1' }),
    ]);
    expect(outcome.status).toBe('warn');
  });

  it('fails a location served from inside the cluster', () => {
    const [outcome] = run([
      ...eks(),
      veleroSchedule('daily'),
      bsl('default', {
        region: 'minio',
        s3Url: 'http://minio.velero.svc:9000',
      }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('inside the cluster');
  });

  it('is unknown for an S3-compatible store outside the cluster: its region is only the client setting', () => {
    for (const region of ['minio', 'us-east-1', 'us-west-2', undefined]) {
      const [outcome] = run([
        ...eks(),
        veleroSchedule('daily'),
        bsl('default', {
          region,
          s3Url: 'https://minio.backup.corp.example:9000',
        }),
      ]);
      expect([region, outcome.status]).toEqual([region, 'unknown']);
      expect(outcome.message).toContain(
        'https://minio.backup.corp.example:9000, an S3-compatible store outside the cluster',
      );
      expect(outcome.message).toContain(
        region ? 'not where the data is' : 'nothing says where the data is',
      );
    }
    // An AWS endpoint's region is where the bucket is: judged as before.
    const [aws] = run([
      ...eks(),
      veleroSchedule('daily'),
      bsl('default', {
        region: 'us-west-2',
        s3Url: 'https://s3.us-west-2.amazonaws.com',
      }),
    ]);
    expect(aws.status).toBe('pass');
  });

  it('is unknown without a location region or a cluster region', () => {
    expect(
      run([
        ...eks(),
        veleroSchedule('daily'),
        bsl('default', { provider: 'gcp' }),
      ])[0].status,
    ).toBe('unknown');
    const noRegion = run([
      ...nodes('w', 2),
      veleroSchedule('daily'),
      bsl('default', { region: 'us-west-2' }),
    ])[0];
    expect(noRegion.status).toBe('unknown');
    expect(noRegion.message).toContain("cluster's region is unknown");
  });

  it('uses the configured cluster region', () => {
    const [outcome] = run(
      [
        ...nodes('w', 2),
        veleroSchedule('daily'),
        bsl('default', { region: 'eu-west-1' }),
      ],
      { cluster: { region: 'eu-west-1' } },
    );
    expect(outcome.status).toBe('warn');
  });

  it('judges only locations in use when schedules exist', () => {
    const outcomes = run([
      ...eks(),
      veleroSchedule('daily', { storageLocation: 'dr' }),
      bsl('dr', { region: 'us-west-2' }),
      bsl('local', { region: 'us-east-1' }),
    ]);
    expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
      ['dr', 'pass'],
    ]);
  });

  it('skips clusters without Velero or without locations', () => {
    expect(runOne(backupOffsite, clusterFrom(eks())).status).toBe('skipped');
    expect(
      runOne(backupOffsite, clusterFrom([...eks(), veleroSchedule('daily')]))
        .status,
    ).toBe('skipped');
  });

  it("ignores locations outside Velero's namespace when the Velero server is visible", () => {
    const veleroServer = deployment('velero', {
      namespace: 'velero',
      containers: [
        { name: 'velero', image: 'velero/velero:v1.15.0', args: ['server'] },
      ],
    });
    const stray = bsl('default', { namespace: 'shop', region: 'us-west-2' });
    const outcomes = run([
      ...eks(),
      veleroServer,
      stray,
      bsl('default', { region: 'us-east-1' }),
    ]);
    expect(outcomes.map(o => [o.status, o.message.split(' ')[1]])).toEqual([
      ['warn', 'velero/default'],
    ]);
    const [only] = run([...eks(), veleroServer, stray]);
    expect(only.status).toBe('skipped');
    expect(only.message).toContain(
      'the 1 in other namespaces are not read by Velero',
    );
    // Without the server in view, the namespace is not known: every location is judged.
    expect(run([...eks(), stray])[0].status).toBe('pass');
  });
});
