import { Entity } from '@backstage/catalog-model';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { RenderResult } from '@testing-library/react';
import { ReactElement } from 'react';
import { HaPostureApi, haPostureApiRef } from '../api/HaPostureApi';
import { haTechInsightsApiRef, TechInsightsApi } from '../api/TechInsightsApi';
import { fakeHaPostureApi, fakeTechInsightsApi } from '../__fixtures__';
import { rootRouteRef } from '../routes';

export interface RenderHaOptions {
  api?: HaPostureApi;
  techInsightsApi?: TechInsightsApi;
  entity?: Entity;
  routeEntries?: string[];
  /** Mount the HA posture page's route ref at /ha-posture (default true). */
  mountPage?: boolean;
}

/**
 * Renders an element of the plugin in a Backstage test app (theme, routing, APIs) with fake HA
 * posture and Tech Insights APIs, an allow-all permission API and, optionally, an entity.
 */
export async function renderHa(
  element: ReactElement,
  options: RenderHaOptions = {},
): Promise<
  RenderResult & { api: HaPostureApi; techInsightsApi: TechInsightsApi }
> {
  const api = options.api ?? fakeHaPostureApi();
  const techInsightsApi = options.techInsightsApi ?? fakeTechInsightsApi();
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  const rendered = await renderInTestApp(
    <TestApiProvider
      apis={[
        [haPostureApiRef, api],
        [haTechInsightsApiRef, techInsightsApi],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      {content}
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(options.mountPage === false ? {} : { '/ha-posture': rootRouteRef }),
      },
    },
  );
  return { ...rendered, api, techInsightsApi };
}
