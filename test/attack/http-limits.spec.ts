import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { expect } from 'chai';
import { expectRefused } from '../support/envelope-assertions.js';
import { orderRequest, testConfig } from '../support/fixtures.js';
import type { Envelope } from '../support/mixpay-client.js';
import { postCreateOrder } from '../support/mixpay-raw.js';
import { closedWithin, dribble, openSocket, statusAfterHead } from '../support/slow-client.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * What a slow, idle or greedy client can hold: each limit of the `http` config section, set small
 * here so the tests take seconds, cuts the client off; the server keeps answering everyone else.
 */

const LIMITS = { headersTimeoutMs: 600, requestTimeoutMs: 1_200, keepAliveTimeoutMs: 500, maxConnections: 12 };
const TWO_MB = 'x'.repeat(2 * 1024 * 1024);

describe('HTTP limits against slow and idle clients', function () {
  this.timeout(30_000);
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ config: { ...testConfig(), http: LIMITS } });
  });
  after(() => t.close());

  it('cuts off a webhook body sent one byte at a time once requestTimeoutMs has passed', async () => {
    const socket = await openSocket(t.url);
    socket.write('POST /webhooks/mock HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
    const [closedAfter, written] = await Promise.all([closedWithin(socket, 10_000), dribble(socket, 1000, 100)]);
    expect(closedAfter, 'the server closed the connection').to.not.equal(null);
    expect(closedAfter!).to.be.lessThan(LIMITS.requestTimeoutMs + 2_000);
    expect(written).to.be.lessThan(1000);
  });

  it('closes a connection that sends no request within headersTimeoutMs', async () => {
    const closedAfter = await closedWithin(await openSocket(t.url), 10_000);
    expect(closedAfter).to.not.equal(null);
    expect(closedAfter!).to.be.lessThan(LIMITS.headersTimeoutMs + 2_000);
  });

  it('closes a connection whose headers come a byte at a time', async () => {
    const socket = await openSocket(t.url);
    const [closedAfter] = await Promise.all([closedWithin(socket, 10_000), dribble(socket, 10_000, 50)]);
    expect(closedAfter).to.not.equal(null);
    expect(closedAfter!).to.be.lessThan(LIMITS.headersTimeoutMs + 2_000);
  });

  it('closes an idle keep-alive connection after keepAliveTimeoutMs', async () => {
    const socket = await openSocket(t.url);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const closedAfter = await closedWithin(socket, 10_000);
    expect(closedAfter).to.not.equal(null);
    expect(closedAfter!).to.be.lessThan(LIMITS.keepAliveTimeoutMs + 2_000);
  });

  it('drops connections beyond maxConnections at once and still serves a caller once they are gone', async () => {
    const sockets = await Promise.all(Array.from({ length: LIMITS.maxConnections + 8 }, () => openSocket(t.url)));
    const closed = await Promise.all(sockets.map((s) => closedWithin(s, 300)));
    expect(closed.filter((ms) => ms !== null).length).to.be.at.least(8);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${t.url}/healthz`)).status).to.equal(200);
  });
});

describe('HTTP limits on body size and content', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ adminToken: 'limits-admin-token-0123456789abcdef' });
  });
  after(() => t.close());

  it('refuses a 2 MB create_order body with 11000 naming body', async () => {
    expectRefused(await postCreateOrder(t.url, JSON.stringify({ ...orderRequest(), memo: TWO_MB }), 'application/json'), 11000, 'body');
  });

  it('refuses a 2 MB create_order body sent chunked, without a Content-Length', async () => {
    const chunks = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(JSON.stringify({ ...orderRequest(), memo: TWO_MB })));
        c.close();
      },
    });
    const res = await fetch(`${t.url}/mixpay/create_order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expectRefused({ status: res.status, body: (await res.json()) as Envelope<unknown> }, 11000, 'body');
  });

  it('refuses a webhook declaring 2 MB with 413 before reading it', async () => {
    const head = `POST /webhooks/mock HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${TWO_MB.length}`;
    expect(await statusAfterHead(t.url, head, 1024)).to.equal(413);
  });

  it('refuses a chunked webhook with 413 once it passes 1 MB', async () => {
    const head = 'POST /webhooks/mock HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked';
    const socketBody = `${(1536 * 1024).toString(16)}\r\n${'x'.repeat(1536 * 1024)}\r\n`;
    const status = await statusAfterHead(t.url, head, socketBody);
    expect(status).to.equal(413);
  });

  it('refuses a 2 MB admin request with 413 before it is read', async () => {
    const head = `POST /admin/sandbox/incoming HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer limits-admin-token-0123456789abcdef\r\nContent-Type: application/json\r\nContent-Length: ${TWO_MB.length}`;
    expect(await statusAfterHead(t.url, head, 1024)).to.equal(413);
  });

  it('refuses a multipart create_order carrying a file with 11000 naming body, and writes no file to the temp directory', async () => {
    const before = new Set(await readdir(tmpdir()));
    const form = new FormData();
    for (const [k, v] of Object.entries(orderRequest())) form.append(k, String(v));
    form.append('upload', new Blob([Buffer.alloc(512 * 1024, 1)], { type: 'application/octet-stream' }), 'fill-the-disk.bin');
    expectRefused(await postCreateOrder(t.url, form), 11000, 'body');
    const leftBehind = (await readdir(tmpdir())).filter((f) => !before.has(f));
    expect(leftBehind).to.deep.equal([]);
  });

  it('refuses a file part on every route that reads forms (the admin API too)', async () => {
    const form = new FormData();
    form.append('decision', 'settle');
    form.append('upload', new Blob(['x']), 'x.bin');
    const res = await fetch(`${t.url}/admin/orders/3539c3ce-52c0-4b0b-9573-c035ecb98d48/review`, {
      method: 'POST',
      headers: { authorization: 'Bearer limits-admin-token-0123456789abcdef' },
      body: form,
    });
    expect(res.status).to.equal(400);
  });
});

describe('MixPay envelope whatever the spelling of the path', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker();
  });
  after(() => t.close());

  it('answers a refused body on /MIXPAY/create_order with the envelope too (11000 naming body)', async () => {
    const res = await fetch(`${t.url}/MIXPAY/create_order`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expectRefused({ status: res.status, body: (await res.json()) as Envelope<unknown> }, 11000, 'body');
  });
});
