import { fakeScan, fakeScanWithBaseline } from '../__testUtils__/fakeScan';
import { useTempDir } from '../__testUtils__/tempDir';
import { SARIF_SCHEMA, artifactLocation, buildSarif } from './sarif';

describe('buildSarif', () => {
  const sarif = buildSarif(fakeScan(), '/repo');
  const [run] = sarif.runs;

  it('has the SARIF 2.1.0 envelope', () => {
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('ha-posture');
    expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('has one rule per enabled check, from the catalog', () => {
    expect(run.tool.driver.rules.map(r => r.id)).toEqual([
      'replica-floor',
      'zone-spread',
      'pdb-present',
      'etcd-quorum',
    ]);
    expect(run.tool.driver.rules[0]).toEqual({
      id: 'replica-floor',
      name: 'ReplicaFloor',
      shortDescription: { text: 'Title of replica-floor' },
      fullDescription: { text: 'Why replica-floor matters.' },
      help: { text: 'Fix replica-floor.', markdown: 'Fix replica-floor.' },
      helpUri: 'https://kubernetes.io/docs/replica-floor',
      defaultConfiguration: { level: 'error' },
      properties: {
        category: 'replicas',
        severity: 'critical',
        scope: 'workload',
        tags: ['ha-posture', 'replicas'],
      },
    });
    expect(
      run.tool.driver.rules.map(r => r.defaultConfiguration.level),
    ).toEqual(['error', 'error', 'warning', 'error']);
  });

  it('reports fail as error and warn as warning, nothing else', () => {
    expect(run.results.map(r => `${r.ruleId} ${r.level}`)).toEqual([
      'replica-floor error',
      'pdb-present error',
      'zone-spread warning',
    ]);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex!].id).toBe(result.ruleId);
      expect(result.message.text.length).toBeGreaterThan(0);
      expect(Object.values(result.partialFingerprints)[0]).toMatch(
        /^[0-9a-f]{32}$/,
      );
    }
  });

  it('locates results at the file and line of their object, relative to the source root', () => {
    const [floor, pdb] = run.results;
    expect(floor.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: {
            uri: 'manifests/shop.yaml',
            uriBaseId: '%SRCROOT%',
          },
          region: { startLine: 1 },
        },
        logicalLocations: [
          { fullyQualifiedName: 'prod/Deployment/shop/web', kind: 'object' },
        ],
      },
    ]);
    expect(pdb.locations[0].physicalLocation?.region.startLine).toBe(30);
    expect(floor.message.text).toBe(
      'Deployment shop/web (cluster prod): Runs 1 replica <&> "quoted"',
    );
  });

  it('uses file URLs for inputs outside the source root', () => {
    const [result] = buildSarif(
      fakeScan('high', undefined, '/elsewhere/shop.yaml'),
      '/repo',
    ).runs[0].results;
    expect(result.locations[0].physicalLocation?.artifactLocation).toEqual({
      uri: 'file:///elsewhere/shop.yaml',
    });
  });

  it('points cluster findings at the first file of their cluster', () => {
    const clusterFail = {
      checkId: 'etcd-quorum',
      category: 'control-plane' as const,
      status: 'fail' as const,
      severity: 'critical' as const,
      message: 'one etcd member',
      target: { cluster: 'prod', kind: 'Cluster', name: 'prod' },
    };
    const [result] = buildSarif(fakeScan('high', [clusterFail]), '/repo')
      .runs[0].results;
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'manifests/shop.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
    expect(result.locations[0].logicalLocations).toEqual([
      { fullyQualifiedName: 'prod/Cluster/prod', kind: 'object' },
    ]);
  });

  it('percent-encodes each path segment of an artifact URI', () => {
    // encodeURI left `#` and `?` as they are: a viewer cut the path at them.
    expect(artifactLocation('deploy/my app#1/100%?.yaml', '/repo')).toEqual({
      uri: 'deploy/my%20app%231/100%25%3F.yaml',
      uriBaseId: '%SRCROOT%',
    });
    // A file whose name starts with two dots is inside the source root.
    expect(artifactLocation('..hidden.yaml', '/repo')).toEqual({
      uri: '..hidden.yaml',
      uriBaseId: '%SRCROOT%',
    });
    expect(artifactLocation('/elsewhere/a b#c.yaml', '/repo')).toEqual({
      uri: 'file:///elsewhere/a%20b%23c.yaml',
    });
  });
});

describe('buildSarif with --baseline', () => {
  const tempDir = useTempDir();

  it('gives each result its SARIF baselineState and the run the counts', () => {
    const scan = fakeScanWithBaseline(tempDir());
    const [run] = buildSarif(scan, '/repo').runs;
    expect(
      run.results.map(r => `${r.ruleId} ${r.level} ${r.baselineState}`),
    ).toEqual([
      'replica-floor error unchanged',
      'pdb-present error updated',
      'zone-spread warning new',
    ]);
    expect(run.properties.baseline).toEqual({
      file: scan.baseline!.file,
      new: 1,
      worse: 1,
      unchanged: 1,
      resolved: 1,
    });
  });

  it('has no baselineState without a baseline', () => {
    const [run] = buildSarif(fakeScan(), '/repo').runs;
    expect(run.results.every(r => !('baselineState' in r))).toBe(true);
    expect(run.properties).not.toHaveProperty('baseline');
  });
});
