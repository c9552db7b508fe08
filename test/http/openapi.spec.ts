import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'chai';
import { ADMIN_BEARER } from '../support/admin-orders.js';
import { PAYEE } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { placeOrder } from '../support/orders.js';
import { CONSOLE_ASSET_PATHS } from '../../src/adapters/http/admin/console/console.routes.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * GET /openapi.json is generated from the zod schemas the routes validate with. These tests hold
 * it to the OpenAPI 3.1 schema, to the broker's route table (every route is described, whatever
 * module registered it) and to what the broker really answers.
 */

type Operation = {
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
  security?: unknown[];
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

const openApiPath = (pattern: string) => pattern.replace(/:(\w+)/g, '{$1}');

describe('GET /openapi.json', () => {
  let t: TestBroker;
  let doc: Document;
  const ajv = new Ajv2020({ strict: false, validateFormats: false });

  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_BEARER });
    const res = await fetch(`${t.url}/openapi.json`);
    expect(res.status).to.equal(200);
    doc = (await res.json()) as Document;
  });
  after(() => t.close());

  /** Asserts that `body` is what the document says `METHOD path` answers with `status`. */
  const expectDocumented = (method: string, pattern: string, status: number, body: unknown) => {
    const schema = doc.paths[openApiPath(pattern)]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
    expect(schema, `${method} ${pattern} ${status} has a JSON schema`).to.be.an('object');
    const validate = ajv.compile(schema!);
    expect(validate(body), `${method} ${pattern} ${status}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
  };

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(doc.openapi).to.match(/^3\.1\./);
  });

  it('describes every route the broker registers (so a new route needs a doc entry beside it), and only those', () => {
    const registered = t.broker.routes.flatMap((r) => r.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${openApiPath(r.path)}`));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(
      registered.filter((r) => !documented.includes(r)),
      'routes without a doc entry',
    ).to.deep.equal([]);
    expect(
      documented.filter((d) => !registered.includes(d)),
      'doc entries without a route',
    ).to.deep.equal([]);
    expect(registered.length).to.be.greaterThan(12);
  });

  it("marks every admin route but the console's files, and /metrics, as needing the bearer token, and MixPay's calls as open", () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const guarded = (path.startsWith('/admin') && !CONSOLE_ASSET_PATHS.has(path)) || path === '/metrics';
        expect(Boolean(op.security), `${method} ${path}`).to.equal(guarded);
      }
    }
  });

  it('shows the body create_order validates: the fields it requires are the ones an empty request is refused for', async () => {
    const body = doc.paths['/mixpay/create_order']!.post!.requestBody!.content;
    expect(Object.keys(body)).to.deep.equal(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    const required = body['application/json']!.schema.required as string[];
    const answer = await createOrder(t.url, {});
    const named = [...answer.body.message.matchAll(/(\w+) is required/g)].map((m) => m[1]);
    expect(required).to.deep.equal(named);
    expect(required).to.have.length(9);
    const fields = body['application/json']!.schema.properties as Record<string, { type: unknown }>;
    expect(fields.amount!.type, 'a JSON number is accepted too').to.deep.equal(['string', 'number']);
  });

  it("gives MixPay's calls the envelope, with the three error codes", () => {
    for (const [path, method] of [
      ['/mixpay/assets/range', 'get'],
      ['/mixpay/create_order', 'post'],
    ] as const) {
      const schema = JSON.stringify(doc.paths[path]![method]!.responses['200']!.content!['application/json']!.schema);
      for (const code of ['11000', '11001', '11002']) expect(schema, `${path} names ${code}`).to.include(code);
    }
  });

  it("describes what the broker really answers: MixPay's calls, success and refusal", async () => {
    const range = await fetch(`${t.url}/mixpay/assets/range?payee_id=${PAYEE}&wallet=mock`);
    expectDocumented('get', '/mixpay/assets/range', 200, await range.json());
    const bad = await fetch(`${t.url}/mixpay/assets/range?payee_id=nope`);
    expectDocumented('get', '/mixpay/assets/range', 200, await bad.json());
    const order = await placeOrder(t.url);
    expectDocumented('post', '/mixpay/create_order', 200, (await createOrder(t.url, order.request)).body);
    const refused = await createOrder(t.url, { ...order.request, trace_id: randomUUID(), amount: '0' });
    expect(refused.body.code).to.equal(11000);
    expectDocumented('post', '/mixpay/create_order', 200, refused.body);
  });

  it('describes what the broker really answers: the admin API and health', async () => {
    const order = await placeOrder(t.url);
    const get = async (path: string) => (await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_BEARER}` } })).json();
    expectDocumented('get', '/admin/orders/:traceId', 200, await get(`/admin/orders/${order.traceId}`));
    expectDocumented('get', '/admin/wallets', 200, await get('/admin/wallets'));
    expectDocumented('get', '/admin/incoming', 200, await get('/admin/incoming?outcome=received,unmatched'));
    expectDocumented('get', '/healthz', 200, await get('/healthz'));
    const retry = await fetch(`${t.url}/admin/orders/${order.traceId}/retry-settlement`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_BEARER}` },
    });
    expectDocumented('post', '/admin/orders/:traceId/retry-settlement', retry.status, await retry.json());
  });
});

describe('GET /openapi.json with the admin API off', () => {
  it('describes only what is served: no admin routes, and /metrics is not there either', async () => {
    const t = await startTestBroker();
    try {
      const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as Document;
      expect(Object.keys(doc.paths).filter((p) => p.startsWith('/admin'))).to.deep.equal([]);
      expect(Object.keys(doc.paths)).to.include.members(['/mixpay/create_order', '/webhooks/{wallet}', '/return/{traceId}', '/healthz']);
      expect(Object.keys(doc.paths)).to.not.include('/metrics');
    } finally {
      await t.close();
    }
  });
});

describe('GET /docs', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_BEARER });
  });
  after(() => t.close());

  it('renders the document for people on the server: every path, no scripts, under the page CSP', async () => {
    const res = await fetch(`${t.url}/docs`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    expect(res.headers.get('content-security-policy')).to.include("default-src 'none'").and.not.include('script-src');
    const html = await res.text();
    expect(html).to.not.match(/<script/i);
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as Document;
    for (const path of Object.keys(doc.paths)) expect(html, path).to.include(path.replace(/&/g, '&amp;'));
    expect(html).to.include('11002');
  });
});
