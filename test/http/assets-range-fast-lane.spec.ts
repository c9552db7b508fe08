import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetAssetRanges } from '../../src/application/orders/get-asset-ranges.use-case.js';
import { assetsRangeFastLane } from '../../src/adapters/http/mixpay/assets-range-fast-lane.js';
import { mockWallet, OTHER_PAYEE, PAYEE, testConfig } from '../support/fixtures.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * assets/range's plain success is answered in front of Koa (assets-range-fast-lane.ts). It must
 * answer exactly what the app answers, and leave everything else to the app.
 */
describe('assets/range fast lane', () => {
  let t: TestBroker;
  const range = (query: string) => `/mixpay/assets/range?${query}`;
  const good = `payee_id=${PAYEE}&wallet=mock`;

  /** What a client sees, less what differs by nature between two answers (the date, a fresh request id). */
  const seen = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { headers });
    const h = Object.fromEntries([...res.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive' && k !== 'connection'));
    return { status: res.status, headers: h, body: await res.text() };
  };

  before(async () => {
    t = await startTestBroker({
      config: testConfig({ wallets: { mock: mockWallet(), mock_deny: mockWallet({ payees: { deny: [PAYEE] } }) } }),
    });
  });
  after(async () => t.close());

  describe('beside the app', () => {
    let lane: Server;
    let laneUrl: string;
    before(async () => {
      const fast = assetsRangeFastLane({
        getAssetRanges: t.broker.container.get(GetAssetRanges),
        trustedProxies: [],
        mixpayAllowFrom: [],
        accessLog: { request: () => undefined },
        metrics: { requestAnswered: () => undefined },
      });
      // Whatever the lane leaves to the app answers 599 here.
      lane = createServer((req, res) => {
        if (fast(req, res)) return;
        res.statusCode = 599;
        res.end();
      });
      await new Promise<void>((resolve) => lane.listen(0, '127.0.0.1', resolve));
      laneUrl = `http://127.0.0.1:${(lane.address() as AddressInfo).port}`;
      await fetch(`${t.url}${range(good)}`); // loads the holdings snapshot
    });
    after(() => new Promise<void>((resolve) => lane.close(() => resolve())));

    it('answers a plain success itself, with what the app answers for it', async () => {
      const fast = await seen(`${laneUrl}${range(good)}`, { 'x-request-id': 'same-id' });
      // A trailing slash is the same route to the app's router, but never to the lane.
      const app = await seen(`${t.url}/mixpay/assets/range/?${good}`, { 'x-request-id': 'same-id' });
      expect(fast.status).to.equal(200);
      expect(fast).to.deep.equal(app);
    });

    for (const [why, query] of [
      ['a bad payee_id', 'payee_id=nope&wallet=mock'],
      ['a missing wallet', `payee_id=${PAYEE}`],
      ['a repeated field', `${good}&wallet=mock`],
      ['a payee the wallet refuses', `payee_id=${PAYEE}&wallet=mock_deny`],
    ] as const) {
      it(`leaves ${why} to the app`, async () => {
        expect((await seen(`${laneUrl}${range(query)}`)).status).to.equal(599);
      });
    }

    it('leaves other spellings and methods to the app', async () => {
      expect((await seen(`${laneUrl}/mixpay/assets/range/?${good}`)).status).to.equal(599);
      expect((await seen(`${laneUrl}/MIXPAY/assets/range?${good}`)).status).to.equal(599);
      expect((await fetch(`${laneUrl}${range(good)}`, { method: 'POST' })).status).to.equal(599);
    });
  });

  it('answers through the broker the same rows for another payee as the app does', async () => {
    const q = `payee_id=${OTHER_PAYEE}&wallet=mock`;
    await fetch(`${t.url}${range(q)}`);
    const fast = await seen(`${t.url}${range(q)}`, { 'x-request-id': 'other-id' });
    const app = await seen(`${t.url}/mixpay/assets/range/?${q}`, { 'x-request-id': 'other-id' });
    expect(fast).to.deep.equal(app);
  });

  it('writes the access line the app writes', async () => {
    await fetch(`${t.url}${range(good)}`, { headers: { 'x-request-id': 'fast-lane-access' } });
    const line = t.logs.records().find((r) => r['request_id'] === 'fast-lane-access' && r['msg'] === 'request');
    expect(line).to.include({ method: 'GET', path: '/mixpay/assets/range', status: 200, level: 'info' });
  });
});
