import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a server (the test PostgreSQL), so a test can take "the
 * database" away from one broker without touching the server other tests and engineers share.
 * While cut, open connections are dropped and new ones are reset as soon as they arrive.
 */
export interface TcpProxy {
  /** host:port the proxy listens on. */
  readonly address: string;
  /** Drops every connection and resets new ones until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) return void client.resetAndDestroy();
    const upstream = createConnection(target);
    const pair = [client, upstream];
    for (const s of pair) {
      open.add(s);
      s.on('error', () => undefined); // a drop is the point of this proxy, not a failure
      s.on('close', () => {
        open.delete(s);
        for (const other of pair) other.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const dropAll = () => {
    for (const s of open) s.resetAndDestroy();
  };
  return {
    address: `127.0.0.1:${port}`,
    cut() {
      down = true;
      dropAll();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}

/** The same PostgreSQL URL, reached through `proxy`. */
export function throughProxy(databaseUrl: string, proxy: TcpProxy): string {
  const url = new URL(databaseUrl);
  url.host = proxy.address;
  return url.toString();
}
