import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { DriftwatchError } from '../errors';
import type { Logger } from '../logging/logger';

/** State of the running service that the HTTP endpoint reads. */
export interface HttpState {
  registry: Registry;
  /** True when every pipeline has joined its group and loaded its reference. */
  isReady: () => boolean;
  /** Latest drift report per pipeline id, for `GET /drift`. */
  latestReports: () => Record<string, unknown>;
}

/**
 * Serves `GET /metrics` (Prometheus text format), `GET /healthz` (process alive), `GET /readyz`
 * (200 when ready, 503 otherwise) and `GET /drift` (latest report per pipeline, JSON).
 * Binds to the configured host (127.0.0.1 by default), so metrics stay on the host unless configured otherwise.
 */
export async function startHttpServer(
  state: HttpState,
  options: { host: string; port: number; logger: Logger },
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    handle(state, request, response).catch((error: unknown) => {
      options.logger.error({ err: error, url: request.url }, 'http request failed');
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'text/plain' });
      }
      response.end('internal error\n');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new DriftwatchError(
          'CONFIG_INVALID',
          `cannot serve HTTP on ${options.host}:${options.port}: ${error.code ?? error.message}; choose another http.port (or DRIFTWATCH_HTTP_PORT)`,
          { cause: error },
        ),
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ host: options.host, port }, 'http server listening');

  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { server, port, close };
}

async function handle(state: HttpState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');

  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
    response.end('method not allowed\n');
    return;
  }

  switch (url.pathname) {
    case '/metrics': {
      const body = await state.registry.metrics();
      response.writeHead(200, { 'content-type': state.registry.contentType });
      response.end(body);
      return;
    }
    case '/healthz':
      sendJson(response, 200, { status: 'ok' });
      return;
    case '/readyz': {
      const ready = state.isReady();
      sendJson(response, ready ? 200 : 503, { ready });
      return;
    }
    case '/drift':
      sendJson(response, 200, state.latestReports());
      return;
    default:
      sendJson(response, 404, {
        error: `no route ${url.pathname}: try /metrics, /healthz, /readyz or /drift`,
      });
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify(body)}\n`);
}
