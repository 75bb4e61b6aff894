import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import {
  HaCheckInfo,
  HaChecksResponse,
  haPostureReadPermission,
  haPostureRefreshPermission,
} from '@ha-posture/plugin-ha-posture-common';
import {
  buildClusterView,
  describeChecks,
  EngineConfig,
  HaCheck,
  resolveConfig,
} from '@ha-posture/plugin-ha-posture-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { HaPostureStore } from '../database/HaPostureStore';
import { CatalogEntityLoader, hasKubernetesAnnotations } from './CatalogEntityLoader';
import { RefreshService } from './RefreshService';
import { summarize, SummaryGroupBy } from './summarize';
import { clusterTopology } from './clusterTopology';
import { entityFacts } from './entityFacts';

export const REFRESH_TASK_ID = 'ha-posture:refresh';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
const GROUP_BY: SummaryGroupBy[] = ['owner', 'system', 'cluster'];

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  store: HaPostureStore;
  refreshService: RefreshService;
  entityLoader: CatalogEntityLoader;
  checks: () => HaCheck[];
  engineConfig: EngineConfig;
}

/** The REST API (contract in DESIGN.md). Every route needs a user or service principal. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, scheduler, store, refreshService, entityLoader } = options;
  const router = Router();
  router.use(express.json());

  async function authorize(req: Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  function param(req: Request, name: string): string {
    const value = req.params[name];
    if (!NAME_PATTERN.test(value ?? '')) {
      throw new InputError(`Invalid ${name} '${value}'`);
    }
    return value;
  }

  router.get('/checks', async (req, res) => {
    await authorize(req, haPostureReadPermission);
    // The catalog with what config changes here: a severity other than the default, whether each
    // check runs, and the grading (thresholds, caps) the frontend describes grades with.
    const { checks, grading } = resolveConfig(options.checks(), options.engineConfig);
    const resolved = new Map(checks.map(r => [r.check.id, r]));
    const items: HaCheckInfo[] = describeChecks(options.checks()).map(entry => {
      const configured = resolved.get(entry.id);
      return {
        ...entry,
        ...(configured && configured.severity !== entry.severity
          ? { configuredSeverity: configured.severity }
          : {}),
        enabled: configured?.enabled ?? true,
      };
    });
    const body: HaChecksResponse = { items, grading };
    res.json(body);
  });

  router.get('/clusters', async (req, res) => {
    await authorize(req, haPostureReadPermission);
    const [reports, snapshots, lastRefresh] = await Promise.all([
      store.getClusterReports(),
      store.getSnapshots(),
      store.getLastRefresh(),
    ]);
    res.json({
      items: reports.map(report => {
        const stored = snapshots.get(report.cluster.name);
        return {
          cluster: report.cluster,
          score: report.score,
          grade: report.grade,
          ...(report.gradeCap ? { gradeCap: report.gradeCap } : {}),
          categories: report.categories,
          sources: report.sources,
          generatedAt: report.generatedAt,
          lastAttemptAt: stored?.lastAttemptAt,
          lastError: stored?.lastError,
        };
      }),
      lastRefresh: lastRefresh ?? null,
    });
  });

  router.get('/clusters/:name', async (req, res) => {
    await authorize(req, haPostureReadPermission);
    const name = param(req, 'name');
    const report = await store.getClusterReport(name);
    if (!report) throw new NotFoundError(`No HA report for cluster '${name}'`);
    const stored = await store.getSnapshot(name);
    res.json({
      report,
      topology: stored ? clusterTopology(buildClusterView(stored.snapshot)) : undefined,
      history: await store.getHistory('cluster', name),
      lastAttemptAt: stored?.lastAttemptAt,
      lastError: stored?.lastError,
    });
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    await authorize(req, haPostureReadPermission);
    const entityRef = stringifyEntityRef({
      kind: param(req, 'kind'),
      namespace: param(req, 'namespace'),
      name: param(req, 'name'),
    });
    const entity = await entityLoader.loadOne(entityRef);
    if (!entity) throw new NotFoundError(`Entity '${entityRef}' is not in the catalog`);
    if (!hasKubernetesAnnotations(entity)) {
      throw new NotFoundError(
        `Entity '${entityRef}' has no Kubernetes annotations (backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector)`,
      );
    }
    let stored = await store.getEntityReport(entityRef);
    const evaluatedOnDemand = !stored;
    stored ??= await refreshService.evaluateEntity(entity);
    const clusterReports = await store.getClusterReports();
    res.json({
      ...stored,
      clusters: clusterReports
        .filter(c => stored!.report.clusters.includes(c.cluster.name))
        .map(c => ({
          ...c.cluster,
          score: c.score,
          grade: c.grade,
          ...(c.gradeCap ? { gradeCap: c.gradeCap } : {}),
          sources: c.sources,
        })),
      evaluatedOnDemand,
    });
  });

  router.get('/summary', async (req, res) => {
    await authorize(req, haPostureReadPermission);
    const groupBy = (req.query.groupBy ?? 'owner') as SummaryGroupBy;
    if (!GROUP_BY.includes(groupBy)) {
      throw new InputError(`Invalid groupBy '${groupBy}': expected ${GROUP_BY.join(', ')}`);
    }
    const key = req.query.key;
    if (key !== undefined && typeof key !== 'string') {
      throw new InputError('Invalid key: expected a single value');
    }
    const groups = summarize(await store.getEntityReports(), groupBy);
    res.json({ groupBy, groups: key ? groups.filter(g => g.key === key) : groups });
  });

  // HA facts of every evaluated entity, for the Tech Insights module (one request per run).
  router.get('/facts', async (req, res) => {
    await authorize(req, haPostureReadPermission);
    const [entities, clusters] = await Promise.all([
      store.getEntityReports(),
      store.getClusterReports(),
    ]);
    const regions = new Map(clusters.map(c => [c.cluster.name, c.cluster.region]));
    res.json({ items: entities.map(stored => entityFacts(stored, name => regions.get(name))) });
  });

  router.get('/history/:kind/:namespace/:name', async (req, res) => {
    await authorize(req, haPostureReadPermission);
    const entityRef = stringifyEntityRef({
      kind: param(req, 'kind'),
      namespace: param(req, 'namespace'),
      name: param(req, 'name'),
    });
    const points = await store.getHistory('entity', entityRef);
    if (points.length === 0 && !(await entityLoader.loadOne(entityRef))) {
      throw new NotFoundError(`Entity '${entityRef}' is not in the catalog`);
    }
    res.json({ entityRef, points });
  });

  router.post('/refresh', async (req, res) => {
    await authorize(req, haPostureRefreshPermission);
    await scheduler.triggerTask(REFRESH_TASK_ID);
    res.status(202).json({ triggered: true, lastRefresh: (await store.getLastRefresh()) ?? null });
  });

  router.get('/refresh', async (req, res) => {
    await authorize(req, haPostureReadPermission);
    res.json({ lastRefresh: (await store.getLastRefresh()) ?? null });
  });

  return router;
}
