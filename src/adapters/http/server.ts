import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type Koa from 'koa';
import type { HttpSettings } from '../../config/broker-config.schema.js';

export type ServerLimits = Pick<HttpSettings, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnections'>;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly tls: boolean;
  /**
   * Stops accepting connections, lets the requests in flight finish for up to `graceMs` (0: none),
   * then closes every connection left (idle keep-alives, clients still sending headers).
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Serves the app over HTTPS when a certificate and key are configured, plain HTTP (behind a TLS
 * proxy) otherwise. A client gets a bounded time for its headers, its whole request and an idle
 * keep-alive; connections beyond the cap are dropped at once, so slow or idle clients cannot
 * hold the server.
 */
export async function listen(
  app: Koa<never>,
  env: { port: number; host: string; tlsCertFile: string | null; tlsKeyFile: string | null },
  limits: ServerLimits,
  /** Answers what it can before the app sees the request (true when it did). */
  fastLane: (req: IncomingMessage, res: ServerResponse) => boolean = () => false,
): Promise<RunningServer> {
  const tls = Boolean(env.tlsCertFile && env.tlsKeyFile);
  const options = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often Node looks for requests past their timeouts (its default, 30 s, would let a slow client overstay).
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
  const koa = app.callback();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (!fastLane(req, res)) void koa(req, res);
  };
  const server: Server = tls
    ? createHttpsServer({ ...options, cert: await readFile(env.tlsCertFile!), key: await readFile(env.tlsKeyFile!) }, handle)
    : createHttpServer(options, handle);
  server.maxConnections = limits.maxConnections;
  // Node's header timeout only runs once a request has begun: a socket that never sends a byte
  // would be kept for ever. Until its first request arrives, silence is bounded by the same time.
  server.on('connection', (socket: Socket) => socket.setTimeout(limits.headersTimeoutMs, () => socket.destroy()));
  server.on('request', (req: IncomingMessage) => req.socket.setTimeout(0));
  const drain = trackInFlight(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, env.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    tls,
    close: async (graceMs = 0) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await drain(graceMs);
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Counts the requests being answered, so a shutdown can wait for them. Once it begins, each of
 * them is answered with `Connection: close`, so no keep-alive connection outlives its request.
 * Resolves when none is left, or when `graceMs` has passed.
 */
function trackInFlight(server: Server): (graceMs: number) => Promise<void> {
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  let drained: (() => void) | null = null;
  const lastOne = (res: ServerResponse) => {
    inFlight.delete(res);
    if (closing && inFlight.size === 0) drained?.();
  };
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    if (closing) res.shouldKeepAlive = false;
    res.once('close', () => lastOne(res));
  });
  return async (graceMs) => {
    closing = true;
    for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    if (inFlight.size === 0 || graceMs <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  };
}
