/**
 * The real kubectl against a fixture cluster: the API must be faithful enough
 * for discovery, tables, selectors and -o yaml to work.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsyaml from 'js-yaml';
import { FixtureFleet, startFixtureFleet } from './fleet';
import { FIXTURES_DIR } from './__testUtils__/http';

const KUBECTL = '/usr/bin/kubectl';
const haveKubectl = fs.existsSync(KUBECTL);
if (!haveKubectl) {
  // eslint-disable-next-line no-console
  console.warn(`kubectl tests skipped: ${KUBECTL} not found`);
}

(haveKubectl ? describe : describe.skip)(
  'kubectl against a fixture cluster',
  () => {
    let fleet: FixtureFleet;
    let home: string;

    beforeAll(async () => {
      fleet = await startFixtureFleet({
        clustersDir: FIXTURES_DIR,
        only: ['alpha'],
        randomPorts: true,
      });
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-kubectl-'));
    });
    afterAll(async () => {
      await fleet.stop();
      fs.rmSync(home, { recursive: true, force: true });
    });

    async function kubectl(...args: string[]): Promise<string> {
      const { stdout } = await promisify(execFile)(
        KUBECTL,
        [
          '--server',
          fleet.url('alpha'),
          '--cache-dir',
          path.join(home, 'cache'),
          '--request-timeout',
          '20s',
          ...args,
        ],
        // An empty kubeconfig and HOME: never read the user's config.
        {
          env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: '/dev/null' },
          timeout: 60_000,
        },
      );
      return stdout;
    }

    it('gets nodes, deployments and pods across namespaces', async () => {
      const out = await kubectl('get', 'nodes,deploy,pods', '-A');
      expect(out).toMatch(
        /node\/node-a\s+Ready\s+control-plane\s+\S+\s+v1\.31\.4/,
      );
      expect(out).toMatch(/node\/node-c\s+NotReady,SchedulingDisabled/);
      expect(out).toMatch(/shop\s+deployment\.apps\/web\s+2\/2\s+2\s+2/);
      expect(out).toMatch(/kube-system\s+pod\/coredns-1\s+0\/1\s+Running/);
      expect(out).toContain('pod/batch-1');
    });

    it('filters with -l', async () => {
      const out = await kubectl('get', 'pods', '-n', 'shop', '-l', 'app=web');
      const names = out
        .trim()
        .split('\n')
        .slice(1)
        .map(l => l.split(/\s+/)[0]);
      expect(names).toEqual(['web-1', 'web-2']);
      const set = await kubectl(
        'get',
        'pods',
        '-A',
        '-l',
        'app in (api,web),tier!=frontend',
        '-o',
        'name',
      );
      expect(set.trim().split('\n')).toEqual(['pod/api-1']);
    });

    it('lists api-resources, including CRD-defined ones', async () => {
      const out = await kubectl('api-resources');
      expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
      expect(out).toMatch(
        /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m,
      );
      expect(out).toMatch(
        /^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget$/m,
      );
      expect(out).toMatch(/^backups\s+bk\s+velero\.io\/v1\s+true\s+Backup$/m);
      expect(out).toMatch(
        /^etcdsnapshotfiles\s+k3s\.cattle\.io\/v1\s+false\s+ETCDSnapshotFile$/m,
      );
    });

    it('prints a PDB as YAML', async () => {
      const doc: any = jsyaml.load(
        await kubectl('get', 'pdb', '-n', 'shop', '-o', 'yaml'),
      );
      expect(doc.kind).toBe('List');
      expect(doc.items).toHaveLength(1);
      expect(doc.items[0]).toMatchObject({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'web-pdb', namespace: 'shop' },
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
      });
    });

    it('gets one pod by name as YAML, and custom resources with their printer columns', async () => {
      const pod = jsyaml.load(
        await kubectl('get', 'pods', '-n', 'shop', 'web-2', '-o', 'yaml'),
      );
      expect(pod).toMatchObject({
        kind: 'Pod',
        metadata: { name: 'web-2' },
        spec: { nodeName: 'node-b' },
      });
      const schedules = await kubectl('get', 'schedules', '-n', 'velero');
      expect(schedules).toMatch(/^NAME\s+STATUS\s+SCHEDULE\s+LASTBACKUP/);
      expect(schedules).toMatch(/daily\s+Enabled\s+0 2 \* \* \*/);
    });

    it('reports server errors the way it does for real clusters', async () => {
      await expect(
        kubectl('get', 'pods', '-n', 'shop', 'nope'),
      ).rejects.toThrow(
        /Error from server \(NotFound\): pods "nope" not found/,
      );
      await expect(kubectl('get', 'secrets', '-A')).rejects.toThrow(
        /Error from server \(Forbidden\)/,
      );
    });
  },
);
