import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ADMIN_BEARER } from '../support/admin-orders.js';
import { allTraceIds, searchOrders } from '../support/admin-search.js';
import { deliverMockWebhook, mockEventBody } from '../support/mock-webhooks.js';
import { BTC, OTHER_PAYEE, USDT } from '../support/fixtures.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import { TestClock } from '../support/test-clock.js';

/*
 * GET /admin/orders: an operator finds orders by status, wallet, asset, payee, creation time, or by
 * any part of a trace id or the provider's payment id, newest first, page by page. Nine orders are
 * placed a minute apart (three in the same millisecond, so the trace id breaks the tie).
 */
describe('GET /admin/orders: searching orders', () => {
  const start = new Date('2031-03-01T10:00:00.000Z');
  const clock = new TestClock(start);
  let t: TestBroker;
  /** Oldest first, as placed. */
  const placed: PlacedOrder[] = [];
  const newestFirst = () => [...placed].reverse().map((o) => o.traceId);

  const place = async (overrides: Record<string, unknown> = {}) => {
    const expiredAt = String(Math.floor(clock.now().getTime() / 1000) + 900);
    placed.push(await placeOrder(t.url, { expired_at: expiredAt, ...overrides }));
  };

  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_BEARER, clock });
    for (let i = 0; i < 6; i++) {
      await place(i === 2 ? { asset_id: BTC, amount: '0.001' } : i === 4 ? { payee_id: OTHER_PAYEE } : {});
      clock.advance(60_000);
    }
    for (let i = 0; i < 3; i++) await place(); // same created_at
    // One of them is paid with a wrong amount: needs_review.
    const review = placed[1]!;
    const body = mockEventBody({
      type: 'payment.succeeded',
      tradeNo: review.tradeNo,
      paymentId: review.paymentId,
      amount: '1',
      currency: 'USDT',
    });
    expect((await deliverMockWebhook(t.url, 'mock', body, { clock })).status).to.equal(200);
  });
  after(() => t.close());

  it('lists every order newest first, the trace id breaking ties of the same creation time', async () => {
    const answer = await searchOrders(t.url);
    expect(answer.status).to.equal(200);
    const sameTime = placed
      .slice(6)
      .map((o) => o.traceId)
      .sort()
      .reverse();
    expect(answer.body.orders.map((o) => o.trace_id)).to.deep.equal([...sameTime, ...newestFirst().slice(3)]);
    expect(answer.body.next_cursor).to.equal(null);
  });

  it('pages through them with next_cursor, each order once, in the same order', async () => {
    const all = (await searchOrders(t.url)).body.orders.map((o) => o.trace_id);
    const paged = await allTraceIds(t.url, { limit: '2' });
    expect(paged.traceIds).to.deep.equal(all);
    expect(paged.pages).to.equal(5);
  });

  it('answers each row with its amounts as decimal strings and its times in ISO 8601', async () => {
    const row = (await searchOrders(t.url, { q: placed[0]!.traceId })).body.orders[0]!;
    expect(row).to.deep.include({ trace_id: placed[0]!.traceId, status: 'awaiting_payment', wallet: 'mock', asset_id: USDT });
    expect(row).to.deep.include({ amount: '10.00000000', fee: '0.10000000', currency: 'USDT', created_at: start.toISOString() });
    expect(row.payment_id).to.equal(placed[0]!.paymentId);
  });

  it('filters by one status or several, comma-separated', async () => {
    expect((await allTraceIds(t.url, { status: 'needs_review' })).traceIds).to.deep.equal([placed[1]!.traceId]);
    const several = await allTraceIds(t.url, { status: 'needs_review,awaiting_payment' });
    expect(several.traceIds).to.have.members(placed.map((o) => o.traceId));
    expect((await allTraceIds(t.url, { status: 'settled' })).traceIds).to.deep.equal([]);
  });

  it('filters by wallet, asset and payee', async () => {
    expect((await allTraceIds(t.url, { wallet: 'mock' })).traceIds).to.have.length(placed.length);
    expect((await allTraceIds(t.url, { wallet: 'other' })).traceIds).to.deep.equal([]);
    expect((await allTraceIds(t.url, { asset_id: BTC })).traceIds).to.deep.equal([placed[2]!.traceId]);
    expect((await allTraceIds(t.url, { payee_id: OTHER_PAYEE })).traceIds).to.deep.equal([placed[4]!.traceId]);
    expect((await allTraceIds(t.url, { payee_id: OTHER_PAYEE.replaceAll('-', '').toUpperCase() })).traceIds).to.deep.equal([
      placed[4]!.traceId,
    ]);
  });

  it('filters by creation time: from inclusive, to exclusive, with a zone or as a date', async () => {
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();
    const window = await allTraceIds(t.url, { from: at(1), to: at(3) });
    expect(window.traceIds).to.deep.equal([placed[2]!.traceId, placed[1]!.traceId]);
    const zoned = await allTraceIds(t.url, { from: '2031-03-01T18:01:00+08:00', to: '2031-03-01T18:03:00+08:00' });
    expect(zoned.traceIds).to.deep.equal(window.traceIds);
    expect((await allTraceIds(t.url, { from: '2031-03-02' })).traceIds).to.deep.equal([]);
    expect((await allTraceIds(t.url, { to: '2031-03-01' })).traceIds).to.deep.equal([]);
  });

  it('finds an order by its whole trace id, any part of it, or its provider payment id', async () => {
    const order = placed[3]!;
    expect((await allTraceIds(t.url, { q: order.traceId })).traceIds).to.deep.equal([order.traceId]);
    expect((await allTraceIds(t.url, { q: order.traceId.toUpperCase() })).traceIds).to.deep.equal([order.traceId]);
    expect((await allTraceIds(t.url, { q: order.traceId.slice(9, 23) })).traceIds).to.deep.equal([order.traceId]);
    expect((await allTraceIds(t.url, { q: order.paymentId })).traceIds).to.deep.equal([order.traceId]);
    expect((await allTraceIds(t.url, { q: randomUUID() })).traceIds).to.deep.equal([]);
  });

  it('treats % and _ in q as themselves, not as wildcards', async () => {
    expect((await allTraceIds(t.url, { q: '%%%' })).traceIds).to.deep.equal([]);
    expect((await allTraceIds(t.url, { q: '___' })).traceIds).to.deep.equal([]);
  });

  it('combines filters: all of them must match', async () => {
    expect(
      (await allTraceIds(t.url, { status: 'awaiting_payment', asset_id: BTC, q: placed[2]!.traceId.slice(0, 8) })).traceIds,
    ).to.deep.equal([placed[2]!.traceId]);
    expect((await allTraceIds(t.url, { status: 'needs_review', asset_id: BTC })).traceIds).to.deep.equal([]);
  });

  const refusals: [string, Record<string, string | string[]>, string][] = [
    ['an unknown status', { status: 'paid,paied' }, 'status: unknown status "paied" (known: creating, awaiting_payment'],
    ['a limit of 0', { limit: '0' }, 'limit: must be at least 1'],
    ['a limit over 500', { limit: '501' }, 'limit: must be at most 500'],
    ['a limit that is not a number', { limit: 'ten' }, 'limit: must be a whole number from 1 to 500'],
    ['a time without a zone', { from: '2031-03-01T10:00:00' }, 'from: must be an ISO 8601 time with a zone, or a date'],
    ['from after to', { from: '2031-03-02', to: '2031-03-01' }, 'from: must be before to'],
    ['an asset id that is not a UUID', { asset_id: 'usdt' }, 'asset_id: asset_id must be a UUID'],
    ['a wallet identifier that cannot exist', { wallet: 'Mock Wallet' }, 'wallet: must be a wallet identifier'],
    ['a q of 2 characters', { q: 'ab' }, 'q: must be at least 3 characters'],
    ['a filter given twice', { wallet: ['mock', 'binance'] }, 'wallet: given more than once'],
    ['an unknown filter', { state: 'paid' }, 'unknown parameter "state"'],
    ['a cursor it did not make', { cursor: 'bm90LWEtY3Vyc29y' }, 'cursor: not a cursor of this list'],
  ];
  for (const [what, query, message] of refusals) {
    it(`answers 400 naming the problem for ${what}`, async () => {
      const answer = await searchOrders(t.url, query);
      expect(answer.status).to.equal(400);
      expect(answer.body.error).to.include(message);
    });
  }
});
