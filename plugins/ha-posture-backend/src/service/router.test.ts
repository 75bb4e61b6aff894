import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DEFAULT_GRADING, HaChecksResponse } from '@ha-posture/plugin-ha-posture-common';
import { BUILTIN_CHECKS, describeChecks } from '@ha-posture/plugin-ha-posture-node';
import express from 'express';
import request from 'supertest';
import { readHaPostureConfig } from '../config/readHaPostureConfig';
import { HaPostureStore } from '../database/HaPostureStore';
import { CatalogEntityLoader } from './CatalogEntityLoader';
import { RefreshService } from './RefreshService';
import { createRouter } from './router';

/** `GET /checks` of a router built from this `haPosture` config, as plugin.ts builds it. */
async function getChecks(haPosture?: object): Promise<HaChecksResponse> {
  const config = readHaPostureConfig(new ConfigReader(haPosture ? { haPosture } : {}));
  const router = await createRouter({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    scheduler: mockServices.scheduler.mock(),
    // The catalog route reads neither the stored reports nor the software catalog.
    store: {} as HaPostureStore,
    refreshService: {} as RefreshService,
    entityLoader: {} as CatalogEntityLoader,
    checks: () => BUILTIN_CHECKS,
    engineConfig: config.engine,
  });
  const res = await request(express().use(router).use(mockErrorHandler())).get('/checks');
  expect(res.status).toBe(200);
  return res.body;
}

describe('GET /checks', () => {
  it('serves the catalog and the default grading without haPosture config', async () => {
    const body = await getChecks();
    expect(body.grading).toEqual({ thresholds: { A: 90, B: 75, C: 60, D: 40 }, caps: {} });
    expect(body.grading).toEqual(DEFAULT_GRADING);
    // The items are what they were before grading joined them: one per check, all enabled.
    expect(body.items.map(c => c.id)).toEqual(describeChecks(BUILTIN_CHECKS).map(c => c.id));
    expect(body.items.every(c => c.enabled === true && c.configuredSeverity === undefined)).toBe(
      true,
    );
  });

  it('serves the configured thresholds (the others at their defaults) and caps', async () => {
    const body = await getChecks({
      checks: { 'priority-class': { severity: 'high' } },
      thresholds: { grades: { A: 85, B: 70 }, gradeCaps: { critical: 'D', high: 'B' } },
    });
    expect(body.grading).toEqual({
      thresholds: { A: 85, B: 70, C: 60, D: 40 },
      caps: { critical: 'D', high: 'B' },
    });
    expect(body.items.find(c => c.id === 'priority-class')).toMatchObject({
      severity: 'medium',
      configuredSeverity: 'high',
      enabled: true,
    });
  });
});
