import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import Koa from 'koa';
import type { PluginRoute } from '../../src/plugin-api/http.js';
import type { RequestState } from '../../src/adapters/http/middleware/request-context.js';
import { pluginPageRouter } from '../../src/adapters/http/plugin-page-router.js';
import { rawRequest } from '../support/raw-http.js';

/*
 * How a wallet's pages are matched on @koa/router: what the hand-written matcher it replaced did,
 * pinned (case-sensitive, optional trailing slash, first route wins, unsafe parameters not found).
 */

const route = (method: PluginRoute['method'], path: string, name: string): PluginRoute => ({
  method,
  path,
  handle: async () => ({ status: 200, body: name }),
});

const ROUTES = [
  route('GET', '/checkout/:payment', 'page'),
  route('GET', '/checkout/:other', 'shadowed'),
  route('POST', '/checkout/:payment/pay', 'pay'),
];

describe('plugin page router', () => {
  let server: Server;
  let base: string;

  before(async () => {
    const app = new Koa<RequestState>();
    app.use(
      pluginPageRouter('mock', ROUTES, async (ctx, matched, params) => {
        const page = await matched.handle({ method: ctx.method, path: '', params, query: {}, headers: {}, rawBody: '', form: {} });
        ctx.body = `${page.body} ${JSON.stringify(params)}`;
      }),
    );
    app.use((ctx) => {
      ctx.status = 404;
      ctx.body = 'fell through';
    });
    server = createServer(app.callback());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((done) => server.close(() => done())));

  const get = (path: string, method = 'GET') => rawRequest(base, { method, path });

  it('serves the first matching route, with its parameters decoded', async () => {
    const res = await get('/plugins/mock/checkout/a%20b');
    expect(res.status).to.equal(200);
    expect(res.body).to.equal('page {"payment":"a b"}');
  });

  it('takes a trailing slash, and matches by method', async () => {
    expect((await get('/plugins/mock/checkout/p1/')).body).to.equal('page {"payment":"p1"}');
    expect((await get('/plugins/mock/checkout/p1/pay', 'POST')).body).to.equal('pay {"payment":"p1"}');
    expect((await get('/plugins/mock/checkout/p1/pay')).body).to.equal('fell through');
  });

  it('is case-sensitive, in the wallet and in the route', async () => {
    expect((await get('/plugins/MOCK/checkout/p1')).body).to.equal('fell through');
    expect((await get('/plugins/mock/Checkout/p1')).body).to.equal('fell through');
  });

  for (const param of ['%00', '%E0%A4%A', 'a%0Ab', 'a%2Fb']) {
    const path = `/plugins/mock/checkout/${param}`;
    it(`does not serve ${path}: its parameter does not decode safely`, async () => {
      expect((await get(path)).body).to.equal('fell through');
    });
  }
});
