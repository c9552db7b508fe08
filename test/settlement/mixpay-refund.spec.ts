import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import type { OrderView } from '../../src/application/operations/get-order-view.query.js';
import { orderView, statusesOf } from '../support/admin-orders.js';
import {
  incomingTransfers,
  legacyMixpayRefundMemo,
  mixpayRefundMemo,
  sendToSandboxBot,
  type SandboxIncoming,
} from '../support/admin-actions.js';
import type { PlacedOrder } from '../support/orders.js';
import { paidOnCheckout, settledOrder, startSettlementRig, type SettlementRig } from '../support/settlement-rig.js';

/*
 * MixPay returns an order's money by transferring it back to our bot with a memo naming the order.
 * On the sandbox, POST /admin/sandbox/incoming stands in for that transfer; WatchIncomingTransfers
 * finds it, marks the order refunded_by_mixpay and queues the payer's refund through the wallet.
 */

/** MixPay's transfer back for `order`: its asset, amount and opponent, with `memo`. */
function returnOf(view: OrderView, memo: string): SandboxIncoming {
  return { asset_id: view.asset_id, amount: view.amount, opponent_id: view.opponent_id, memo };
}

const alertsFor = (rig: SettlementRig, snapshotId: string) => rig.t.logs.records().filter((r) => r['alert'] === `incoming:${snapshotId}`);

describe('MixPay returns a settled order (memo RF|<trace_id>|40000)', () => {
  let rig: SettlementRig;
  let order: PlacedOrder;
  let memo: string;
  let snapshotId: string;
  let view: OrderView;

  before(async () => {
    rig = await startSettlementRig();
    order = await settledOrder(rig);
    memo = mixpayRefundMemo(order.traceId, '40000');
    snapshotId = await sendToSandboxBot(rig.url, returnOf(await orderView(rig.url, order.traceId), memo));
    await rig.steps.watchIncoming();
    view = await orderView(rig.url, order.traceId);
  });
  after(async () => rig.close());

  it('marks the order refunded_by_mixpay with mixpay_refund_code 40000', () => {
    expect(view.status).to.equal('refunded_by_mixpay');
    expect(view.mixpay_refund_code).to.equal('40000');
  });

  it('names the reason, "payment timeout", in the history', () => {
    const last = view.history.at(-1);
    expect(last).to.include({ from: 'settled', to: 'refunded_by_mixpay' });
    expect(last?.cause).to.contain('40000').and.contain('payment timeout');
  });

  it('queues a mixpay_refund of amount + fee for the payer', () => {
    expect(view.refund).to.include({ kind: 'mixpay_refund', state: 'pending', currency: 'USDT', attempts: 0 });
    expect(new Decimal(view.refund!.amount).toString()).to.equal(new Decimal(view.pay_amount).toString());
  });

  it('records the snapshot as refund_applied, naming the order and the code', async () => {
    const applied = await incomingTransfers(rig.url, 'refund_applied');
    expect(applied.find((r) => r.snapshot_id === snapshotId)).to.include({ trace_id: order.traceId, refund_code: '40000', memo });
  });

  describe('then the refund step runs', () => {
    before(async () => {
      await rig.steps.refundPayers();
      view = await orderView(rig.url, order.traceId);
    });

    it('refunds amount + fee through the mock wallet and marks the refund succeeded', async () => {
      expect(view.refund).to.include({ state: 'succeeded', attempts: 1 });
      const refunds = await rig.db.mockRefunds();
      expect(refunds).to.have.length(1);
      expect(refunds[0]).to.include({ refundId: view.refund!.refund_id, paymentId: order.paymentId });
      expect(new Decimal(String(refunds[0]!['amount'])).toString()).to.equal(new Decimal(view.pay_amount).toString());
    });

    it('leaves the order refunded_by_mixpay', () => {
      expect(view.status).to.equal('refunded_by_mixpay');
      expect(statusesOf(view).at(-1)).to.equal('refunded_by_mixpay');
    });

    describe('and the watcher runs again, then MixPay’s transfer arrives a second time', () => {
      let second: string;
      before(async () => {
        await rig.steps.watchIncoming();
        second = await sendToSandboxBot(rig.url, returnOf(view, memo));
        await rig.steps.watchIncoming();
        await rig.steps.refundPayers();
      });

      it('records the second snapshot as duplicate', async () => {
        const duplicates = await incomingTransfers(rig.url, 'duplicate');
        expect(duplicates.map((r) => r.snapshot_id)).to.deep.equal([second]);
        expect(duplicates[0]).to.include({ trace_id: order.traceId });
      });

      it('refunds nothing twice', async () => {
        const again = await orderView(rig.url, order.traceId);
        expect(again.history).to.deep.equal(view.history);
        expect(again.refund).to.include({ refund_id: view.refund!.refund_id, state: 'succeeded', attempts: 1 });
        expect(await rig.db.refundCount(order.traceId)).to.equal(1);
        expect(await rig.db.mockRefunds()).to.have.length(1);
      });
    });
  });
});

describe('MixPay refund memos and incoming transfers that are not one', () => {
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig();
  });
  after(async () => rig.close());

  it('reads the legacy memo 1|<trace_id>|SN|RF|<code>: the order is refunded_by_mixpay and the payer refund queued', async () => {
    const order = await settledOrder(rig);
    const view = await orderView(rig.url, order.traceId);
    await sendToSandboxBot(rig.url, returnOf(view, legacyMixpayRefundMemo(order.traceId, '40000')));
    await rig.steps.watchIncoming();
    const after = await orderView(rig.url, order.traceId);
    expect(after.status).to.equal('refunded_by_mixpay');
    expect(after.mixpay_refund_code).to.equal('40000');
    expect(after.refund).to.include({ kind: 'mixpay_refund', state: 'pending' });
  });

  it('records a transfer with an unrelated memo as unmatched, lists it for operators and raises an alert', async () => {
    const memo = Buffer.from('thanks for lunch').toString('base64');
    const snapshotId = await sendToSandboxBot(rig.url, { asset_id: randomUUID(), amount: '3', opponent_id: randomUUID(), memo });
    await rig.steps.watchIncoming();
    const listed = (await incomingTransfers(rig.url)).find((r) => r.snapshot_id === snapshotId);
    expect(listed).to.include({ outcome: 'unmatched', memo, trace_id: null });
    expect(alertsFor(rig, snapshotId)).to.have.length(1);
  });

  it('records a refund memo naming an order we do not have as unmatched', async () => {
    const snapshotId = await sendToSandboxBot(rig.url, {
      asset_id: randomUUID(),
      amount: '10',
      opponent_id: randomUUID(),
      memo: mixpayRefundMemo(randomUUID(), '40000'),
    });
    await rig.steps.watchIncoming();
    expect((await incomingTransfers(rig.url, 'unmatched')).find((r) => r.snapshot_id === snapshotId)).to.include({ outcome: 'unmatched' });
  });

  it('records a refund whose amount differs from the order as mismatch, leaving the order settled and unrefunded', async () => {
    const order = await settledOrder(rig);
    const view = await orderView(rig.url, order.traceId);
    const snapshotId = await sendToSandboxBot(rig.url, {
      ...returnOf(view, mixpayRefundMemo(order.traceId, '40000')),
      amount: new Decimal(view.amount).minus('0.5').toString(),
    });
    await rig.steps.watchIncoming();
    const listed = (await incomingTransfers(rig.url)).find((r) => r.snapshot_id === snapshotId);
    expect(listed).to.include({ outcome: 'mismatch', trace_id: order.traceId });
    expect(alertsFor(rig, snapshotId)).to.have.length(1);
    const after = await orderView(rig.url, order.traceId);
    expect(after.status).to.equal('settled');
    expect(after.refund).to.equal(null);
  });

  describe('a refund memo for an order that is paid but not yet settled', () => {
    let order: PlacedOrder;
    let snapshotId: string;
    before(async () => {
      order = await paidOnCheckout(rig);
      snapshotId = await sendToSandboxBot(
        rig.url,
        returnOf(await orderView(rig.url, order.traceId), mixpayRefundMemo(order.traceId, '40000')),
      );
      await rig.steps.watchIncoming();
    });

    it('is deferred, and the order stays paid', async () => {
      expect((await incomingTransfers(rig.url, 'deferred')).map((r) => r.snapshot_id)).to.include(snapshotId);
      expect((await orderView(rig.url, order.traceId)).status).to.equal('paid');
    });

    describe('once the order is settled', () => {
      before(async () => {
        await rig.steps.settle();
        await rig.steps.watchIncoming();
      });

      it('is applied on the next run: refunded_by_mixpay, refund queued, snapshot refund_applied', async () => {
        const view = await orderView(rig.url, order.traceId);
        expect(statusesOf(view).slice(-2)).to.deep.equal(['settled', 'refunded_by_mixpay']);
        expect(view.refund).to.include({ kind: 'mixpay_refund', state: 'pending' });
        expect((await incomingTransfers(rig.url, 'refund_applied')).map((r) => r.snapshot_id)).to.include(snapshotId);
        expect((await incomingTransfers(rig.url, 'deferred')).map((r) => r.snapshot_id)).to.not.include(snapshotId);
      });
    });
  });
});
