import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from '../../src/cli/run-cli.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** The operator CLI run in this process, as `broker <argv>` with `env` as its whole environment. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env, out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

export interface FakeCall {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

/**
 * A stand-in for admin routes another branch adds (GET /admin/orders, POST …/reconcile): answers
 * each `METHOD path` (query ignored) from `routes`, and records every call.
 */
export async function fakeAdminApi(routes: Record<string, { status: number; body: unknown }>): Promise<{
  url: string;
  calls: FakeCall[];
  close(): Promise<void>;
}> {
  const calls: FakeCall[] = [];
  const server: Server = createServer((req, res) => {
    calls.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const answer = routes[`${req.method} ${(req.url ?? '').split('?')[0]}`] ?? { status: 404, body: { error: 'not found' } };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
