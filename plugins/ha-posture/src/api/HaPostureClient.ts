import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { HaEntityName, HaPostureApi } from './HaPostureApi';

/** Talks to `/api/ha-posture` through Backstage's discovery and (authenticated) fetch APIs. @public */
export class HaPostureClient implements HaPostureApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getChecks() {
    return this.request('/checks');
  }

  getClusters() {
    return this.request('/clusters');
  }

  getCluster(name: string) {
    return this.request(`/clusters/${encodeURIComponent(name)}`);
  }

  getEntity(entity: HaEntityName) {
    return this.request(`/entities/${entityPath(entity)}`);
  }

  getSummary(groupBy: 'owner' | 'system' | 'cluster', key?: string) {
    const query = new URLSearchParams({ groupBy });
    if (key) query.set('key', key);
    return this.request(`/summary?${query}`);
  }

  getHistory(entity: HaEntityName) {
    return this.request(`/history/${entityPath(entity)}`);
  }

  refresh() {
    return this.request('/refresh', { method: 'POST' });
  }

  getRefreshStatus() {
    return this.request('/refresh');
  }

  private async request(path: string, init?: RequestInit): Promise<any> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('ha-posture');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}

function entityPath({ kind, namespace, name }: HaEntityName): string {
  return [kind.toLocaleLowerCase('en-US'), namespace, name]
    .map(encodeURIComponent)
    .join('/');
}
