/**
 * One cluster's HTTP server: bearer-token check, fault injection, the
 * read-only Kubernetes API (api.ts), request logging, gzip, and the
 * `/_fixture/*` control endpoints (faults and request log).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import {
  ApiResponse,
  ApiTarget,
  forbiddenMessage,
  handleApiRequest,
  parseTarget,
  resourceLabel,
} from './api';
import type { ClusterData } from './clusterData';
import { FixtureConfigError } from './errors';
import { FaultRule, FaultSet, validateFaultRules } from './faults';
import { RequestRecorder } from './requestLog';
import { StatusError } from './status';

const gzip = promisify(zlib.gzip);

/** Like the API server: only responses over 128 KiB, and at gzip level 1 (speed over size). */
const GZIP_MIN_BYTES = 128 * 1024;
const GZIP_LEVEL = 1;
const CONTROL_BODY_LIMIT = 1024 * 1024;

export type ServerOptions = {
  faults: FaultSet;
  continueTtlMs: number;
  recorder: RequestRecorder;
};

const statusResponse = (e: StatusError): ApiResponse => ({
  status: e.code,
  body: JSON.stringify(e.toStatus()),
  contentType: 'application/json',
});

/** Retry-After for throttling and unavailability faults (429 defaults to 1 s). */
function retryAfterSeconds(rule: FaultRule): number | undefined {
  if (rule.status === 429) return rule.retryAfterSeconds ?? 1;
  if (rule.status === 503) return rule.retryAfterSeconds;
  return undefined;
}

/** The Status a fault rule's `status` produces for this request. */
function faultStatus(rule: FaultRule, target: ApiTarget): StatusError {
  const code = rule.status!;
  const retryAfter = retryAfterSeconds(rule);
  const details =
    retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : undefined;
  const isResource = target.type === 'resource';
  switch (code) {
    case 401:
      return new StatusError(401, 'Unauthorized');
    case 403:
      return new StatusError(
        403,
        forbiddenMessage(target),
        isResource ? { kind: target.plural } : undefined,
      );
    case 404:
      return isResource && target.name
        ? new StatusError(404, `${target.plural} "${target.name}" not found`, {
            name: target.name,
            kind: target.plural,
          })
        : new StatusError(
            404,
            'the server could not find the requested resource',
          );
    case 410:
      return new StatusError(
        410,
        'The provided continue parameter is too old to display a consistent list result.',
      );
    case 429:
      return new StatusError(
        429,
        'Too many requests, please try again later.',
        details,
      );
    case 500:
      return new StatusError(
        500,
        'Internal error occurred: etcdserver: request timed out',
      );
    case 503:
      return new StatusError(
        503,
        'the server is currently unable to handle the request',
        details,
      );
    case 504:
      return new StatusError(
        504,
        'Timeout: request did not complete within the allotted timeout',
      );
    default:
      return new StatusError(code, `fixture fault ${code}`);
  }
}

function faultLabel(rule: FaultRule): string {
  const effects: string[] = [];
  if (rule.latencyMs) effects.push(`latency:${rule.latencyMs}`);
  if (rule.hangMs) effects.push(`hang:${rule.hangMs}`);
  if (rule.drop) effects.push('drop');
  if (rule.status) effects.push(`status:${rule.status}`);
  if (rule.malformed) effects.push('malformed');
  if (rule.truncate) effects.push('truncate');
  return effects.join(',');
}

export class ClusterServer {
  readonly server: http.Server;
  /** Replaced as a whole when the cluster's objects change. */
  data: ClusterData;
  /** Pending latency/hang waits, cut short on close(). */
  private readonly waits = new Set<AbortController>();

  constructor(data: ClusterData, private readonly opts: ServerOptions) {
    this.data = data;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(err => {
        if (!res.headersSent) {
          this.send(
            req,
            res,
            statusResponse(
              new StatusError(500, `Internal error occurred: ${err}`),
            ),
          );
        } else {
          res.destroy();
        }
      });
    });
  }

  get recorder(): RequestRecorder {
    return this.opts.recorder;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new FixtureConfigError(
                `port ${port} (cluster ${this.data.name}) is already in use`,
              )
            : err,
        );
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    for (const w of this.waits) w.abort();
    if (!this.server.listening) return;
    const closed = new Promise<void>(resolve =>
      this.server.close(() => resolve()),
    );
    this.server.closeAllConnections();
    await closed;
  }

  /** Waits `ms` unless the client goes away (or the server stops) first: then false. */
  private async wait(req: http.IncomingMessage, ms: number): Promise<boolean> {
    const aborter = new AbortController();
    const onClose = () => aborter.abort();
    req.socket.once('close', onClose);
    this.waits.add(aborter);
    try {
      await sleep(ms, undefined, { signal: aborter.signal });
      return true;
    } catch {
      return false;
    } finally {
      req.socket.off('close', onClose);
      this.waits.delete(aborter);
    }
  }

  private async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://fixture.invalid');
    if (url.pathname.startsWith('/_fixture/')) {
      await this.handleControl(req, res, url.pathname);
      return;
    }

    const data = this.data;
    let target: ApiTarget;
    try {
      target = parseTarget(url.pathname);
    } catch {
      this.track(req, res, url, 'other');
      this.send(
        req,
        res,
        statusResponse(new StatusError(400, `invalid path: ${url.pathname}`)),
      );
      return;
    }
    const log = this.track(req, res, url, resourceLabel(target));

    // Authentication comes first, as on a real API server: faults model what happens after it.
    if (
      data.token !== undefined &&
      req.headers.authorization !== `Bearer ${data.token}`
    ) {
      this.send(req, res, statusResponse(new StatusError(401, 'Unauthorized')));
      return;
    }
    const fault = this.opts.faults.take({
      cluster: data.name,
      url: rawUrl,
      resource: target.type === 'resource' ? target : undefined,
    });
    if (!fault) {
      await this.sendMaybeCompressed(
        req,
        res,
        this.answer(req, res, url, target),
      );
      return;
    }
    log.fault = faultLabel(fault);
    if (fault.latencyMs && !(await this.wait(req, fault.latencyMs))) return;
    if (fault.hangMs) {
      if (await this.wait(req, fault.hangMs)) req.socket.destroy();
      return;
    }
    if (fault.drop) {
      req.socket.destroy();
      return;
    }
    const response = fault.status
      ? statusResponse(faultStatus(fault, target))
      : this.answer(req, res, url, target);
    await this.sendFaulty(req, res, response, fault);
  }

  /** The API's answer to a request that reached it (GET only: the server is read-only). */
  private answer(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    target: ApiTarget,
  ): ApiResponse {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return statusResponse(
        new StatusError(
          405,
          'the server does not allow this method on the requested resource (read-only fixture cluster)',
        ),
      );
    }
    try {
      return handleApiRequest(target, {
        cluster: this.data,
        query: url.searchParams,
        accept: req.headers.accept,
        serverAddress:
          req.headers.host ??
          `127.0.0.1:${(this.server.address() as AddressInfo).port}`,
        nowMs: Date.now(),
        continueTtlMs: this.opts.continueTtlMs,
      });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      return statusResponse(e);
    }
  }

  /** Sends a response with a fault's body effects (malformed, truncate) and headers. */
  private async sendFaulty(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    response: ApiResponse,
    fault: FaultRule,
  ): Promise<void> {
    res.setHeader('X-Fixture-Fault', faultLabel(fault));
    const retryAfter = retryAfterSeconds(fault);
    if (retryAfter !== undefined) {
      res.setHeader('Retry-After', String(retryAfter));
    }
    const body = fault.malformed
      ? '{"kind":"PodList","apiVersion":"v1","items":[{ <!-- not JSON -->'
      : response.body;
    if (!fault.truncate) {
      await this.sendMaybeCompressed(req, res, { ...response, body });
      return;
    }
    const bytes = Buffer.from(body);
    res.writeHead(response.status, {
      'Content-Type': response.contentType,
      'Content-Length': bytes.length,
    });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () =>
      req.socket.destroy(),
    );
  }

  /**
   * Counts and logs the request once its response has finished or the
   * connection closed; the returned handle lets the caller add the fault applied.
   */
  private track(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    resource: string,
  ): { fault?: string } {
    const at = new Date().toISOString();
    const started = performance.now();
    const handle: { fault?: string } = {};
    res.once('close', () => {
      this.opts.recorder.record({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        status: res.headersSent ? res.statusCode : 0,
        ms: Math.round((performance.now() - started) * 100) / 100,
        at,
        resource,
        ...(handle.fault ? { fault: handle.fault } : {}),
      });
    });
    return handle;
  }

  private async sendMaybeCompressed(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    response: ApiResponse,
  ): Promise<void> {
    const acceptsGzip = /\bgzip\b/.test(
      String(req.headers['accept-encoding'] ?? ''),
    );
    if (!acceptsGzip || Buffer.byteLength(response.body) < GZIP_MIN_BYTES) {
      this.send(req, res, response);
      return;
    }
    const compressed = await gzip(response.body, { level: GZIP_LEVEL });
    if (res.destroyed) return;
    res.writeHead(response.status, {
      'Content-Type': response.contentType,
      'Content-Encoding': 'gzip',
      'Content-Length': compressed.length,
      'Cache-Control': 'no-cache, private',
    });
    res.end(compressed);
  }

  private send(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    response: ApiResponse,
  ): void {
    if (res.destroyed) return;
    res.writeHead(response.status, {
      'Content-Type': response.contentType,
      'Content-Length': Buffer.byteLength(response.body),
      'Cache-Control': 'no-cache, private',
    });
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }

  private async handleControl(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> {
    const reply = (status: number, value?: unknown) => {
      const body = value === undefined ? '' : JSON.stringify(value, null, 2);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    };
    const route = `${req.method} ${pathname.replace(/\/$/, '')}`;
    switch (route) {
      case 'GET /_fixture/faults':
        return reply(200, { faults: this.opts.faults.list() });
      case 'PUT /_fixture/faults':
      case 'POST /_fixture/faults': {
        let rules: FaultRule[];
        try {
          rules = validateFaultRules(
            JSON.parse(await readBody(req)),
            'request body',
          );
        } catch (e) {
          return reply(400, {
            error: e instanceof Error ? e.message : String(e),
          });
        }
        this.opts.faults.set(rules);
        return reply(200, { faults: this.opts.faults.list() });
      }
      case 'DELETE /_fixture/faults':
        this.opts.faults.set([]);
        return reply(200, { faults: [] });
      case 'GET /_fixture/requests':
        return reply(200, this.opts.recorder.snapshot());
      case 'DELETE /_fixture/requests':
        this.opts.recorder.reset();
        return reply(204);
      default:
        return reply(404, { error: `unknown fixture endpoint: ${route}` });
    }
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > CONTROL_BODY_LIMIT) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
