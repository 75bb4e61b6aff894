import path from 'node:path';

export const FIXTURES_DIR = path.resolve(__dirname, '../__fixtures__/clusters');

export type JsonResponse = {
  status: number;
  headers: Headers;
  body: any;
  text: string;
};

/** GET (by default) and parse JSON when the body is JSON. */
export async function request(
  url: string,
  init: RequestInit = {},
): Promise<JsonResponse> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export function makePods(count: number, namespace = 'load'): any[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${String(i).padStart(4, '0')}`,
      namespace,
      labels: { app: i % 2 === 0 ? 'even' : 'odd' },
      creationTimestamp: '2026-11-20T09:00:00Z',
    },
    spec: { nodeName: `node-${i % 3}` },
    status: { phase: 'Running' },
  }));
}
