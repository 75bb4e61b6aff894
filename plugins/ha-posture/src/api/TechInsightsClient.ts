import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { HaEntityName } from './HaPostureApi';
import {
  TechInsightsApi,
  TechInsightsCheck,
  TechInsightsCheckResult,
} from './TechInsightsApi';

/** Talks to the Tech Insights backend (`/api/tech-insights`) with Backstage's fetch API. @public */
export class TechInsightsClient implements TechInsightsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getAllChecks(): Promise<TechInsightsCheck[]> {
    return this.request('/checks');
  }

  runChecks(
    entity: HaEntityName,
    checks?: string[],
  ): Promise<TechInsightsCheckResult[]> {
    const path = [
      entity.namespace,
      entity.kind.toLocaleLowerCase('en-US'),
      entity.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    return this.request(`/checks/run/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(checks ? { checks } : {}),
    });
  }

  private async request(path: string, init?: RequestInit): Promise<any> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('tech-insights');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
