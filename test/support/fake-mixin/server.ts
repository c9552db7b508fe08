import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authProblem, type TestBot } from './crypto.js';
import { FaultPlan } from './faults.js';
import { ROUTES, type RouteName } from './routes.js';
import { FakeMixinError, FakeMixinState } from './state.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Mixin's HTTP API for one bot, on 127.0.0.1, so the real SDK (axios, JWT signing, retries) talks
 * to it over real HTTP. Every request must carry a valid token for that bot.
 */
export class FakeMixin {
  readonly state: FakeMixinState;
  readonly faults = new FaultPlan();
  /** Every authenticated call, in arrival order. */
  readonly calls: RouteName[] = [];
  /** Exceptions of the fake itself (never expected). */
  readonly internalErrors: unknown[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly bot: TestBot,
  ) {
    this.state = new FakeMixinState(bot.keystore.app_id, bot.spendPublicKey);
  }

  static async start(bot: TestBot): Promise<FakeMixin> {
    let fake!: FakeMixin;
    const server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeMixin(server, `http://127.0.0.1:${port}`, bot);
    return fake;
  }

  count(route: RouteName): number {
    return this.calls.filter((c) => c === route).length;
  }

  async close(): Promise<void> {
    // Drops the answers a `hang` fault still holds.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const match = ROUTES.map((r) => ({ r, m: r.method === method ? url.pathname.match(r.path) : null })).find((x) => x.m);
    if (!match) return reply(res, 404, { error: { status: 404, code: 404, description: `no route ${method} ${url.pathname}` } });

    const { keystore, sessionPublicKey } = this.bot;
    const refused = authProblem(req.headers.authorization, method, req.url ?? '', body, keystore.app_id, sessionPublicKey);
    if (refused) return reply(res, 202, { error: { status: 202, code: 401, description: `Unauthorized: ${refused}` } });

    const route = match.r;
    this.calls.push(route.name);
    if (this.faults.latencyMs > 0) await sleep(this.faults.latencyMs);
    const fault = this.faults.take(route.name);
    if (fault?.kind === 'error') {
      return reply(res, fault.httpStatus, { error: { status: fault.httpStatus, code: fault.code, description: fault.description } });
    }

    let status = 200;
    let payload: unknown;
    try {
      payload = {
        data: route.handle(this.state, { params: match.m!.slice(1), query: url.searchParams, body: body ? JSON.parse(body) : undefined }),
      };
    } catch (e) {
      if (e instanceof FakeMixinError) {
        status = e.httpStatus;
        payload = { error: { status: e.httpStatus, code: e.code, description: e.description } };
      } else {
        // A bug in the fake, not a Mixin answer: kept for the test to fail on.
        this.internalErrors.push(e);
        status = 500;
        payload = { error: { status: 500, code: 500, description: 'fake Mixin crashed' } };
      }
    }

    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'lose-answer') {
      // The work is done and recorded; the client never learns it.
      if (fault.mode === 'reset') req.socket.destroy();
      return;
    }
    reply(res, status, payload);
  }
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}
