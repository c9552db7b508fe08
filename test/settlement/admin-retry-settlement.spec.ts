import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { orderView } from '../support/admin-orders.js';
import { retrySettlement } from '../support/admin-actions.js';
import { paidOnCheckout, settledOrder, startSettlementRig, type SettlementRig } from '../support/settlement-rig.js';

/*
 * POST /admin/orders/:id/retry-settlement sends a settlement_failed order back to the settlement
 * worker. The sandbox treasury never fails a transfer, so the failure itself is left to the Mixin
 * fake; here: the answers for orders that are not settlement_failed.
 */

describe('POST /admin/orders/:id/retry-settlement', () => {
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig();
  });
  after(async () => rig.close());

  it('answers 409 not_failed for a settled order and leaves it as it was', async () => {
    const order = await settledOrder(rig);
    const before = await orderView(rig.url, order.traceId);
    const answer = await retrySettlement(rig.url, order.traceId);
    expect(answer).to.deep.equal({ status: 409, body: { result: 'not_failed' } });
    expect(await orderView(rig.url, order.traceId)).to.deep.equal(before);
  });

  it('answers 409 not_failed for an order that is paid and waiting for its transfer', async () => {
    const order = await paidOnCheckout(rig);
    const answer = await retrySettlement(rig.url, order.traceId);
    expect(answer).to.deep.equal({ status: 409, body: { result: 'not_failed' } });
    const view = await orderView(rig.url, order.traceId);
    expect(view.status).to.equal('paid');
    expect(view.transfer).to.include({ state: 'pending', attempts: 0 });
  });

  it('answers 404 not_found for an order it does not have', async () => {
    const answer = await retrySettlement(rig.url, randomUUID());
    expect(answer).to.deep.equal({ status: 404, body: { result: 'not_found' } });
  });
});
