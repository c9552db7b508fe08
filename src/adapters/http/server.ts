import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly tls: boolean;
  close(): Promise<void>;
}

/** Serves the app over HTTPS when a certificate and key are configured, plain HTTP (behind a TLS proxy) otherwise. */
export async function listen(
  app: Koa<never>,
  env: { port: number; host: string; tlsCertFile: string | null; tlsKeyFile: string | null },
): Promise<RunningServer> {
  const tls = Boolean(env.tlsCertFile && env.tlsKeyFile);
  const server: Server = tls
    ? createHttpsServer({ cert: await readFile(env.tlsCertFile!), key: await readFile(env.tlsKeyFile!) }, app.callback())
    : createHttpServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, env.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    tls,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
