/**
 * Live clusters through a kubeconfig: load one (an explicit file, else $KUBECONFIG, else
 * ~/.kube/config, else the in-cluster service account) with errors a person can act on, and make a
 * Transport from it. TLS (CA, client certificates, skip-verify, proxies) and credentials (tokens,
 * basic auth, exec and auth-provider plugins) are all handled by @kubernetes/client-node's
 * KubeConfig, so a kubeconfig behaves as it does with kubectl. Used by the CLI
 * (`--kubeconfig`/`--context`) and the backend's `config` source.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import nodeFetch from 'node-fetch';
import { createFetchTransport } from './fetchTransport';
import { Transport } from './transport';

type ClientNode = typeof import('@kubernetes/client-node');

/**
 * Loads @kubernetes/client-node. It is ESM-only, so it is imported on first use rather than
 * required when this (CommonJS) package loads.
 * @public
 */
export async function importClientNode(): Promise<ClientNode> {
  return import('@kubernetes/client-node');
}

/**
 * A kubeconfig that cannot be used: missing or unparsable file, unknown context, no server URL.
 * The message is one line that names the file and the context.
 * @public
 */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

/** @public */
export interface LoadKubeConfigOptions {
  /**
   * A kubeconfig file. Default: the files in $KUBECONFIG (merged, as kubectl does), else
   * ~/.kube/config, else the in-cluster service account when running in a pod.
   */
  file?: string;
  /** The context to use. Default: the kubeconfig's `current-context`. */
  context?: string;
  /** Environment to read KUBECONFIG and the home folder from (tests). Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

/** Reads and parses one file into a fresh KubeConfig; throws KubeConfigError naming the file. */
function readFile(
  clientNode: ClientNode,
  file: string,
  shown: string,
): KubeConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EISDIR: 'is a folder, not a kubeconfig file',
    };
    const reason =
      (code && reasons[code]) ??
      `cannot read (${code ?? (error as Error).message})`;
    throw new KubeConfigError(`kubeconfig ${shown}: ${reason}`);
  }
  const kubeConfig = new clientNode.KubeConfig();
  try {
    // Entries without a name or server are dropped here and reported when a context uses them.
    kubeConfig.loadFromString(text, {
      onInvalidEntry: 'filter',
    });
  } catch (error) {
    throw new KubeConfigError(
      `kubeconfig ${shown}: not a valid kubeconfig (${oneLine(
        (error as Error).message,
      )})`,
    );
  }
  kubeConfig.makePathsAbsolute(path.dirname(path.resolve(file)));
  return kubeConfig;
}

/** Merges `next` into `into` the way kubectl does: the first file to define a name wins. */
function mergeInto(into: KubeConfig, next: KubeConfig): void {
  const names = (list: Array<{ name: string }>) =>
    new Set(list.map(entry => entry.name));
  const clusters = names(into.clusters);
  const users = names(into.users);
  const contexts = names(into.contexts);
  into.clusters.push(...next.clusters.filter(c => !clusters.has(c.name)));
  into.users.push(...next.users.filter(u => !users.has(u.name)));
  into.contexts.push(...next.contexts.filter(c => !contexts.has(c.name)));
  if (!into.currentContext) into.currentContext = next.currentContext;
}

/** The kubeconfig without a context chosen, and how to name it in messages. */
function readDefault(
  clientNode: ClientNode,
  env: NodeJS.ProcessEnv,
): { kubeConfig: KubeConfig; shown: string } {
  const listed = (env.KUBECONFIG ?? '')
    .split(path.delimiter)
    .filter(file => file !== '');
  if (listed.length > 0) {
    // As kubectl: files of the list that do not exist are skipped, but one must.
    const existing = listed.filter(file => fs.existsSync(file));
    if (existing.length === 0) {
      throw new KubeConfigError(
        `kubeconfig: no file of $KUBECONFIG exists (${listed.join(', ')})`,
      );
    }
    const [first, ...rest] = existing.map(file =>
      readFile(clientNode, file, file),
    );
    rest.forEach(next => mergeInto(first, next));
    return { kubeConfig: first, shown: existing.join(path.delimiter) };
  }
  const file = path.join(homeDir(env), '.kube', 'config');
  if (fs.existsSync(file)) {
    return { kubeConfig: readFile(clientNode, file, file), shown: file };
  }
  if (fs.existsSync(IN_CLUSTER_TOKEN) && env.KUBERNETES_SERVICE_HOST) {
    const kubeConfig = new clientNode.KubeConfig();
    kubeConfig.loadFromCluster();
    return { kubeConfig, shown: 'in-cluster service account' };
  }
  throw new KubeConfigError(
    `kubeconfig: none found ($KUBECONFIG is not set and ${file} does not exist)`,
  );
}

/** The kubeconfig of `options.file`, or the default one, before any context is chosen. */
async function readKubeConfig(
  options: Omit<LoadKubeConfigOptions, 'context'>,
): Promise<{ kubeConfig: KubeConfig; shown: string }> {
  const clientNode = await importClientNode();
  return options.file !== undefined
    ? {
        kubeConfig: readFile(clientNode, options.file, options.file),
        shown: options.file,
      }
    : readDefault(clientNode, options.env ?? process.env);
}

/**
 * The context names of a kubeconfig (the same file rules as loadKubeConfig): one cluster each for
 * a source that reads every context. Throws KubeConfigError when the kubeconfig cannot be read.
 * @public
 */
export async function kubeConfigContexts(
  options: Omit<LoadKubeConfigOptions, 'context'> = {},
): Promise<string[]> {
  const { kubeConfig } = await readKubeConfig(options);
  return kubeConfig.contexts.map(c => c.name);
}

const listOf = (names: string[]) =>
  names.length > 0 ? names.join(', ') : 'none';

/**
 * Loads a kubeconfig and selects a context, checking that the context exists and has an API
 * server URL. Throws KubeConfigError (one line, naming the file) when it cannot be used.
 * @public
 */
export async function loadKubeConfig(
  options: LoadKubeConfigOptions = {},
): Promise<KubeConfig> {
  const { kubeConfig, shown } = await readKubeConfig(options);

  const available = kubeConfig.contexts.map(c => c.name);
  const context = options.context ?? kubeConfig.currentContext;
  if (!context) {
    throw new KubeConfigError(
      `kubeconfig ${shown}: no current-context is set; choose a context (available: ${listOf(
        available,
      )})`,
    );
  }
  const contextObject = kubeConfig.getContextObject(context);
  if (!contextObject) {
    throw new KubeConfigError(
      `kubeconfig ${shown}: context "${context}" not found (available: ${listOf(
        available,
      )})`,
    );
  }
  kubeConfig.setCurrentContext(context);
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server) {
    throw new KubeConfigError(
      `kubeconfig ${shown}: context "${context}" uses cluster "${contextObject.cluster}", which is not defined or has no server URL`,
    );
  }
  return kubeConfig;
}

/** @public */
export interface KubeConfigTransportOptions {
  /**
   * The kubeconfig, with the context to use as its current context; or a function that loads it
   * on the first request (its errors then reject that request and the next one tries again).
   */
  kubeConfig: KubeConfig | (() => KubeConfig | Promise<KubeConfig>);
  /** Per request, including reading the body. Default 15000. */
  timeoutMs?: number;
  /**
   * How long credentials from exec and auth-provider plugins are reused before asking
   * KubeConfig again (which refreshes them when they expire). Default 60000.
   */
  credentialsTtlMs?: number;
}

interface Prepared {
  baseUrl: string;
  agent: unknown;
  headers: Record<string, string>;
}

/** `Headers` (what applyToFetchOptions returns) or a plain record, as a plain record. */
function headerRecord(headers: unknown): Record<string, string> {
  if (!headers) return {};
  if (typeof (headers as Headers).forEach === 'function') {
    const record: Record<string, string> = {};
    (headers as Headers).forEach((value, name) => {
      record[name] = value;
    });
    return record;
  }
  return Object.fromEntries(
    Object.entries(headers as Record<string, unknown>).map(([name, value]) => [
      name,
      String(value),
    ]),
  );
}

/**
 * client-node refuses `http://` servers unless skip-TLS-verify is set (there is no TLS to verify);
 * kubectl accepts them. A copy with the flag set on that one cluster behaves as kubectl does.
 */
function forPlainHttp(kubeConfig: KubeConfig): KubeConfig {
  const current = kubeConfig.getCurrentCluster();
  if (!current || !current.server.startsWith('http:') || current.skipTLSVerify)
    return kubeConfig;
  const copy = new (kubeConfig.constructor as new () => KubeConfig)();
  copy.loadFromOptions({
    clusters: kubeConfig.clusters.map(c =>
      c === current ? { ...c, skipTLSVerify: true } : c,
    ),
    users: kubeConfig.users,
    contexts: kubeConfig.contexts,
    currentContext: kubeConfig.currentContext,
  });
  return copy;
}

/**
 * A Transport to the API server of a KubeConfig's current context: node-fetch with the agent and
 * headers KubeConfig.applyToFetchOptions prepares (CA, client certificates, skip-verify, proxy,
 * bearer tokens, basic auth, exec and auth-provider plugins), and a per-request timeout.
 * @public
 */
export function createKubeConfigTransport(
  options: KubeConfigTransportOptions,
): Transport {
  const { timeoutMs = 15000, credentialsTtlMs = 60_000 } = options;
  let prepared: Promise<Prepared> | undefined;
  /** When `prepared` resolved; undefined while it is pending. */
  let preparedAt: number | undefined;

  const prepare = async (): Promise<Prepared> => {
    const loaded =
      typeof options.kubeConfig === 'function'
        ? await options.kubeConfig()
        : options.kubeConfig;
    const server = loaded.getCurrentCluster()?.server;
    if (!server) {
      throw new KubeConfigError(
        `kubeconfig context "${loaded.getCurrentContext()}" has no API server URL`,
      );
    }
    const init = (await forPlainHttp(loaded).applyToFetchOptions({})) as {
      agent?: unknown;
      headers?: unknown;
    };
    return {
      baseUrl: server,
      agent: init.agent,
      headers: headerRecord(init.headers),
    };
  };

  /** Shared by concurrent requests; prepared again after the TTL, or after a failure. */
  const current = (): Promise<Prepared> => {
    const expired =
      preparedAt !== undefined && Date.now() - preparedAt >= credentialsTtlMs;
    if (!prepared || expired) {
      const attempt = prepare();
      prepared = attempt;
      preparedAt = undefined;
      attempt.then(
        () => {
          if (prepared === attempt) preparedAt = Date.now();
        },
        () => {
          if (prepared === attempt) prepared = undefined;
        },
      );
    }
    return prepared;
  };

  return async request => {
    const { baseUrl, agent, headers } = await current();
    const transport = createFetchTransport({
      baseUrl,
      timeoutMs,
      headers: () => headers,
      // node-fetch, because it takes the https.Agent KubeConfig built (global fetch does not).
      fetchImpl: ((url: string, init: Record<string, unknown>) =>
        nodeFetch(url, { ...init, agent } as any)) as unknown as typeof fetch,
    });
    return transport(request);
  };
}
