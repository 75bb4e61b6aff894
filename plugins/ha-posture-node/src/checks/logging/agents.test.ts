import { logAgentProduct } from './agents';

const spec = (image: string) => ({ containers: [{ name: 'c', image }] });

describe('log agent detection', () => {
  it.each([
    ['cr.fluentbit.io/fluent/fluent-bit:3.0.7', 'Fluent Bit'],
    [
      'docker.io/fluent/fluentd-kubernetes-daemonset:v1-debian-elasticsearch',
      'Fluentd',
    ],
    ['timberio/vector:0.39.0-distroless-libc', 'Vector'],
    ['grafana/promtail:2.9.8', 'Promtail'],
    ['grafana/alloy:v1.2.0', 'Grafana Alloy'],
    ['grafana/agent:v0.40.0', 'Grafana Agent'],
    ['docker.elastic.co/beats/filebeat:8.14.0', 'Filebeat'],
    [
      'otel/opentelemetry-collector-contrib:0.103.0@sha256:abc',
      'OpenTelemetry Collector',
    ],
    [
      'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s:0.103.0',
      'OpenTelemetry Collector',
    ],
    [
      'mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.21',
      'Azure Monitor (ama-logs)',
    ],
    ['localhost:5000/fluent-bit', 'Fluent Bit'],
  ])('recognises %s as %s', (image, product) => {
    expect(logAgentProduct('agent', spec(image))).toBe(product);
  });

  it('does not mistake other images for agents', () => {
    expect(
      logAgentProduct(
        'node-exporter',
        spec('quay.io/prometheus/node-exporter:v1.8.1'),
      ),
    ).toBeUndefined();
    expect(
      logAgentProduct('vectorized', spec('example.com/vectorized-db:1')),
    ).toBeUndefined();
    expect(logAgentProduct('agent', spec('datadog/agent:7'))).toBeUndefined();
  });

  it('recognises managed agents by DaemonSet name', () => {
    expect(logAgentProduct('fluentbit-gke', spec('gke.gcr.io/proxy:1'))).toBe(
      'GKE logging (fluentbit-gke)',
    );
  });
});
