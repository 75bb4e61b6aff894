import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** HA Posture backend configuration. */
  haPosture?: {
    /**
     * Where cluster objects come from.
     * `kubernetes` (default): the Kubernetes plugin's clusters and credentials, through its proxy.
     * `config`: the clusters listed under `haPosture.clusters`, read directly.
     * `kubeconfig`: the contexts of a kubeconfig file (`haPosture.kubeconfig`), one cluster each, read directly.
     */
    source?: 'kubernetes' | 'config' | 'kubeconfig';
    /** For the `kubeconfig` source. */
    kubeconfig?: {
      /** The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else the in-cluster service account). */
      file?: string;
      /** Contexts to read, each one cluster named after it (default: every context of the file). */
      contexts?: string[];
    };
    /** Refresh schedule (default: every 5 minutes, timeout 4 minutes). */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /** Clusters for the `config` source. */
    clusters?: Array<{
      name: string;
      title?: string;
      /** API server URL, e.g. https://10.0.0.1:6443 */
      url?: string;
      /** @visibility secret */
      serviceAccountToken?: string;
      /** Path to a kubeconfig file (instead of url + token). */
      kubeconfig?: string;
      /** Context in the kubeconfig (default: its current context). */
      context?: string;
      skipTLSVerify?: boolean;
      /** @visibility secret */
      caData?: string;
    }>;
    /** Facts the Kubernetes API cannot show, per cluster name. */
    clusterInfo?: {
      [name: string]: {
        /** Region of the cluster (overrides node labels). */
        region?: string;
        /** Managed cluster location, e.g. GKE `europe-west1` (regional) or `europe-west1-b` (zonal). */
        location?: string;
      };
    };
    /** Collector tuning. */
    collector?: {
      /** Parallel API requests per cluster (default 4). */
      concurrency?: number;
      /** Per-request timeout in milliseconds (default 15000). */
      requestTimeoutMs?: number;
      /** Page size of list calls (default 500). */
      pageSize?: number;
      /** Retries for 429/5xx and network errors (default 3). */
      retries?: number;
    };
    /** Per-check overrides, keyed by check id. */
    checks?: {
      [checkId: string]: {
        enabled?: boolean;
        severity?: 'critical' | 'high' | 'medium' | 'low';
        params?: { [name: string]: number | string | boolean | string[] };
      };
    };
    /**
     * Where scores turn into grades. `GET /checks` serves both as `grading`, so the frontend
     * describes grades with these numbers (no frontend config needed).
     */
    thresholds?: {
      /**
       * Lowest score (0-100) of each grade; below D is F. Any left out keeps its default
       * (A 90, B 75, C 60, D 40); each must be above the next.
       */
      grades?: { A?: number; B?: number; C?: number; D?: number };
      /**
       * The best grade a report (entity, cluster, workload) can have while one of its results of
       * the severity fails, e.g. `{ critical: D, high: B }`: a service failing a high-severity
       * check then shows B at most, whatever its score. None by default (the grade is the
       * score's). A report lowered by a cap carries `gradeCap` saying which severity did it.
       */
      gradeCaps?: {
        critical?: 'A' | 'B' | 'C' | 'D' | 'F';
        high?: 'A' | 'B' | 'C' | 'D' | 'F';
        medium?: 'A' | 'B' | 'C' | 'D' | 'F';
        low?: 'A' | 'B' | 'C' | 'D' | 'F';
      };
    };
    /**
     * How exemption annotations (`ha-posture.io/exempt-<checkId>`) are honoured, and exemptions
     * declared here for groups of targets.
     */
    exemptions?: {
      allowEntityAnnotations?: boolean;
      allowObjectAnnotations?: boolean;
      /** Annotations without `until=` do not apply (rules below are not limited by this). */
      requireExpiry?: boolean;
      /** Annotations ending further away do not apply (rules below are not limited by this). */
      maxDays?: number;
      /**
       * Exempt the results of `checks` whose target matches every field given (clusters,
       * namespaces, kinds, names: `*` matches any characters; labels: the target object's labels).
       * The results stay in the reports as `exempt` with the reason. A rule with a problem makes
       * the backend refuse to start, naming the rule.
       */
      rules?: Array<{
        /** Check ids, e.g. `backup-schedule-coverage` or `monitoring-*`. */
        checks: string[];
        /** Why: shown on every exempt result. */
        reason: string;
        /** YYYY-MM-DD, inclusive; afterwards the results are judged again and say the rule expired. */
        until?: string;
        clusters?: string[];
        /** A rule with namespaces never matches cluster-wide targets. */
        namespaces?: string[];
        /** Target kinds: Deployment, StatefulSet, DaemonSet, Service, IngressClass, Cluster ... */
        kinds?: string[];
        names?: string[];
        /** Labels the target object must carry (exact values). */
        labels?: { [key: string]: string };
      }>;
    };
    /** Daily history retention. */
    history?: {
      /** Days of daily history kept per entity and cluster (default 90). */
      retentionDays?: number;
    };
  };
}
