import { expect } from 'chai';
import type { OrderView } from '../../src/application/operations/get-order-view.query.js';
import { orderView } from '../support/admin-orders.js';
import { mixpayRefundMemo, sendToSandboxBot } from '../support/admin-actions.js';
import { eventually } from '../support/eventually.js';
import { testConfig } from '../support/fixtures.js';
import { paidOnCheckout, startSettlementRig, transfersOf, type SettlementRig } from '../support/settlement-rig.js';

/*
 * The background workers on their own (workers: true, real clock, 50 ms intervals): nothing is
 * run by hand, the test only pays, sends, and watches the admin view.
 */

const FAST = { enabled: true, settleEveryMs: 50, refundEveryMs: 50, incomingEveryMs: 50, reconcileEveryMs: 50, balanceSyncEveryMs: 50 };

describe('the background workers, end to end', () => {
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig({ workers: true, config: { ...testConfig(), workers: FAST } });
  });
  after(async () => rig.close());

  const viewUntil = (traceId: string, done: (v: OrderView) => boolean, what: string) =>
    eventually(() => orderView(rig.url, traceId), done, { timeoutMs: 5_000, intervalMs: 50, what });

  it('settle an order paid on the checkout page by themselves, with one transfer', async () => {
    const order = await paidOnCheckout(rig);
    const view = await viewUntil(order.traceId, (v) => v.status === 'settled', 'settled');
    expect(view.transfer).to.include({ state: 'done', attempts: 1 });
    expect(await transfersOf(rig, order.traceId)).to.have.length(1);
  });

  it("apply MixPay's refund of a settled order and refund the payer through the wallet", async () => {
    const order = await paidOnCheckout(rig);
    const settled = await viewUntil(order.traceId, (v) => v.status === 'settled', 'settled');
    await sendToSandboxBot(rig.url, {
      asset_id: settled.asset_id,
      amount: settled.amount,
      opponent_id: settled.opponent_id,
      memo: mixpayRefundMemo(order.traceId, '40000'),
    });
    const view = await viewUntil(order.traceId, (v) => v.refund?.state === 'succeeded', 'payer refund succeeded');
    expect(view.status).to.equal('refunded_by_mixpay');
    expect(view.refund).to.include({ kind: 'mixpay_refund', attempts: 1 });
  });
});
