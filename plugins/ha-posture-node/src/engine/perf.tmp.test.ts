import { evaluate } from './evaluate';
import { buildClusterView } from './clusterView';
import { deployment, nodes, podsFor, snapshotFrom, pdbFor, service, hpa } from '../testing';

it('perf', () => {
  const n = 4000;
  const objects: any[] = [...nodes('w', 30, ['a', 'b', 'c'])];
  for (let i = 0; i < n; i++) {
    const d = deployment(`d${i}`, { namespace: `ns${i % 50}`, replicas: 3, labels: { app: `d${i}`, 'backstage.io/kubernetes-id': `e${i % 500}` } });
    objects.push(d, ...podsFor(d, [`w-${(i % 30) + 1}`, `w-${((i + 1) % 30) + 1}`, `w-${((i + 2) % 30) + 1}`]), pdbFor(d, { maxUnavailable: 1 }), service(`d${i}`, { namespace: `ns${i % 50}`, selector: { app: `d${i}` } }), hpa(d, 2, 5));
  }
  const snap = snapshotFrom(objects);
  const entities = Array.from({ length: 500 }, (_, i) => ({ entityRef: `component:default/e${i}`, kubernetesId: `e${i}` }));
  for (let k = 0; k < 3; k++) {
    let t = Date.now();
    buildClusterView(snap);
    const view = Date.now() - t;
    t = Date.now();
    evaluate([snap], { checks: [] });
    const noEntities = Date.now() - t;
    t = Date.now();
    evaluate([snap], { checks: [], entities });
    console.log(`view=${view}ms evaluate(no entities)=${noEntities}ms with entities=${Date.now() - t}ms`);
  }
});
