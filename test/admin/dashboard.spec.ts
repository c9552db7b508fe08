import { expect } from 'chai';
import type { Dashboard } from '../../src/application/operations/get-dashboard.query.js';
import { adminGet, orderView } from '../support/admin-orders.js';
import { BTC, USDT, testConfig } from '../support/fixtures.js';
import { placeOrder } from '../support/orders.js';
import { paidOnCheckout, settledOrder, startSettlementRig, type SettlementRig } from '../support/settlement-rig.js';
import { TestClock } from '../support/test-clock.js';

/*
 * GET /admin/dashboard: what an operator looks at first. Orders per status, the settlement
 * backlog and how long its oldest transfer has waited, and each balance against its alert threshold.
 */
describe('GET /admin/dashboard', () => {
  const clock = new TestClock(new Date('2031-05-01T08:00:00Z'));
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig({ clock, config: { ...testConfig(), alerts: { lowBalance: { [USDT]: '2000' } } } });
  });
  after(() => rig.close());

  const dashboard = async () => {
    const answer = await adminGet<Dashboard>(rig.url, '/admin/dashboard');
    expect(answer.status).to.equal(200);
    return answer.body;
  };

  it('shows an empty broker as zeros, every status listed', async () => {
    const d = await dashboard();
    expect(d.generated_at).to.equal('2031-05-01T08:00:00.000Z');
    expect(Object.values(d.orders.last_24h).every((n) => n === 0)).to.equal(true);
    expect(Object.keys(d.orders.last_24h)).to.include.members(['settled', 'expired', 'refunded_by_mixpay']);
    expect(d.orders.open).to.deep.include({ awaiting_payment: 0, settlement_failed: 0, needs_review: 0 });
    expect(d.settlement).to.deep.equal({ open: 0, oldest_queued_at: null, oldest_age_seconds: null, failed: 0 });
  });

  it('counts orders per status, and the transfers waiting with the age of the oldest', async () => {
    await settledOrder(rig, { expired_at: String(Math.floor(clock.now().getTime() / 1000) + 900) });
    const waiting = await paidOnCheckout(rig);
    await placeOrder(rig.url, { expired_at: String(Math.floor(clock.now().getTime() / 1000) + 900) });
    clock.advance(90_000);
    const d = await dashboard();
    expect(d.orders.open).to.deep.include({ awaiting_payment: 1, paid: 1 });
    expect(d.orders.last_24h).to.deep.include({ awaiting_payment: 1, paid: 1, settled: 1 });
    expect(d.settlement).to.deep.equal({ open: 1, oldest_queued_at: '2031-05-01T08:00:00.000Z', oldest_age_seconds: 90, failed: 0 });
    expect((await orderView(rig.url, waiting.traceId)).transfer?.state).to.equal('pending');
  });

  it('leaves orders older than a day out of the last 24 hours, but not out of the open ones', async () => {
    clock.advance(25 * 3_600_000);
    const d = await dashboard();
    expect(d.orders.last_24h).to.deep.include({ awaiting_payment: 0, paid: 0, settled: 0 });
    expect(d.orders.open).to.deep.include({ awaiting_payment: 1, paid: 1 });
  });

  it('shows each balance against its alert threshold', async () => {
    const d = await dashboard();
    const usdt = d.balances.find((b) => b.asset_id === USDT)!;
    const btc = d.balances.find((b) => b.asset_id === BTC)!;
    expect(usdt).to.deep.include({ alert_below: '2000.00000000', low: true });
    expect(btc).to.deep.include({ balance: '0.50000000', reserved: '0.00000000', available: '0.50000000', alert_below: null, low: false });
  });
});
