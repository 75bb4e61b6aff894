import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runScan } from '../commands/scan';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: web:1.0 }]
`;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-posture-kustomize-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const scanFolder = () =>
  runScan([dir], { format: 'json', failOn: 'high' }, async () =>
    Buffer.alloc(0),
  );

describe('kustomize files in a scanned folder', () => {
  it('are counted as ignored, not refused, and change no result', async () => {
    fs.writeFileSync(path.join(dir, 'app.yaml'), APP);
    const without = await scanFolder();
    fs.writeFileSync(
      path.join(dir, 'kustomization.yaml'),
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [app.yaml]\n',
    );
    fs.mkdirSync(path.join(dir, 'legacy'));
    fs.writeFileSync(
      path.join(dir, 'legacy', 'kustomization.yml'),
      'resources: [../app.yaml]\n',
    );
    const withKustomize = await scanFolder();
    expect(withKustomize.clusters[0].ignored).toEqual({
      'kustomize.config.k8s.io/v1beta1/Kustomization': 2,
    });
    expect(withKustomize.evaluation.overall.results).toEqual(
      without.evaluation.overall.results,
    );
  });
});
