import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import type { OrderView } from '../../src/application/operations/get-order-view.query.js';
import { orderView, statusesOf } from '../support/admin-orders.js';
import { USDT } from '../support/fixtures.js';
import type { PlacedOrder } from '../support/orders.js';
import type { BalanceRow } from '../support/settlement-db.js';
import { paidOnCheckout, settledOrder, startSettlementRig, transfersOf, type SettlementRig } from '../support/settlement-rig.js';

/*
 * The sandbox treasury's transfer to MixPay: an order paid on the mock checkout page is sent to
 * MixPay's bot once, with MixPay's trace id as the request id and MixPay's memo untouched.
 */

const AMOUNT = '12.345';
const FEE_RATE = '0.01'; // the mock wallet's USDT fee in testConfig()
/** A MixPay-style base64 memo with '+', '/' and '=' in it: anything that re-encodes it would show. */
const memoWithAwkwardBytes = (): string =>
  Buffer.concat([Buffer.from(`PM|${randomUUID()}|`), Buffer.from([0xfb, 0xff, 0xfe])]).toString('base64');

describe('settling an order paid on the mock checkout page (sandbox treasury)', () => {
  let rig: SettlementRig;
  let order: PlacedOrder;
  let memo: string;
  let opponentId: string;
  let balanceBefore: BalanceRow;
  let worked: number;
  let view: OrderView;

  before(async () => {
    rig = await startSettlementRig();
    memo = memoWithAwkwardBytes();
    opponentId = randomUUID(); // not the payee: a mix-up of the two would show
    balanceBefore = await rig.db.balance(USDT);
    order = await paidOnCheckout(rig, { amount: AMOUNT, memo, opponent_id: opponentId });
    worked = await rig.steps.settle();
    view = await orderView(rig.url, order.traceId);
  });
  after(async () => rig.close());

  it('marks the order settled', () => {
    expect(view.status).to.equal('settled');
    expect(worked).to.equal(1);
  });

  it("records exactly one sandbox transfer, whose request id is MixPay's trace id", async () => {
    const all = await rig.db.sandboxTransfers();
    expect(all.map((row) => row.request_id)).to.deep.equal([order.traceId]);
  });

  it("carries MixPay's memo byte for byte", async () => {
    const [row] = await transfersOf(rig, order.traceId);
    expect(memo).to.match(/[+/]/).and.match(/=$/);
    expect(Buffer.from(row!.memo, 'utf8').equals(Buffer.from(memo, 'utf8')), `stored ${row!.memo}, sent ${memo}`).to.equal(true);
  });

  it('transfers the order amount, not amount + fee, of the order asset', async () => {
    const [row] = await transfersOf(rig, order.traceId);
    expect(new Decimal(row!.amount).toString()).to.equal(new Decimal(AMOUNT).toString());
    expect(new Decimal(view.pay_amount).toString()).to.equal(new Decimal(AMOUNT).times(new Decimal(1).plus(FEE_RATE)).toString());
    expect(row!.asset_id).to.equal(USDT);
  });

  it("sends it to the order's opponent_id", async () => {
    const [row] = await transfersOf(rig, order.traceId);
    expect(row!.opponent_id).to.equal(opponentId);
  });

  it('shows the transfer in the admin view as done, with its hash and one attempt', async () => {
    const [row] = await transfersOf(rig, order.traceId);
    expect(view.transfer).to.include({ state: 'done', attempts: 1, last_error: null });
    expect(view.transfer?.transaction_hash).to.be.a('string').and.equal(row!.transaction_hash);
  });

  it('keeps the history creating → awaiting_payment → paid → settling → settled, each with its cause', () => {
    expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment', 'paid', 'settling', 'settled']);
    expect(view.history.map((h) => h.from)).to.deep.equal([null, 'creating', 'awaiting_payment', 'paid', 'settling']);
    for (const h of view.history) expect(h.cause, `cause of → ${h.to}`).to.be.a('string').that.is.not.empty;
    const [, , paid, settling, settled] = view.history;
    expect(paid?.cause).to.match(/^payment\.succeeded \(evt_[0-9a-f]{32}\)$/);
    expect(settling?.cause).to.contain('attempt 1');
    expect(settled?.cause).to.contain(view.transfer!.transaction_hash!);
  });

  it('takes the amount off the balance and returns the reservation: reserved is back to 0', async () => {
    const after = await rig.db.balance(USDT);
    expect(new Decimal(after.balance).toString()).to.equal(new Decimal(balanceBefore.balance).minus(AMOUNT).toString());
    expect(new Decimal(after.reserved).toString()).to.equal('0');
    expect((await rig.db.reservation(order.traceId))?.state).to.equal('consumed');
  });
});

describe('running the settlement step more than once', () => {
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig();
  });
  after(async () => rig.close());

  /** What a repeated run must leave alone: the order's view, its transfers, the balance. */
  const snapshot = async (order: PlacedOrder) => ({
    view: await orderView(rig.url, order.traceId),
    transfers: await transfersOf(rig, order.traceId),
    balance: await rig.db.balance(USDT),
  });

  it('again after settlement finds nothing to do and changes nothing', async () => {
    const order = await settledOrder(rig);
    const before = await snapshot(order);
    expect(await rig.steps.settle()).to.equal(0);
    expect(await snapshot(order)).to.deep.equal(before);
  });

  it('twice at once on a freshly paid order transfers it once, in one attempt', async () => {
    const order = await paidOnCheckout(rig);
    const balanceBefore = await rig.db.balance(USDT);
    const worked = await Promise.all([rig.steps.settle(), rig.steps.settle()]);
    expect(worked[0] + worked[1]).to.equal(1);
    const after = await snapshot(order);
    expect(after.view.status).to.equal('settled');
    expect(after.transfers).to.have.length(1);
    expect(after.view.transfer?.attempts).to.equal(1);
    expect(statusesOf(after.view).filter((s) => s === 'settling')).to.have.length(1);
    expect(new Decimal(after.balance.balance).toString()).to.equal(new Decimal(balanceBefore.balance).minus(after.view.amount).toString());
  });

  it('twice at once, and again, with several paid orders, makes one transfer per order', async () => {
    const orders = [await paidOnCheckout(rig), await paidOnCheckout(rig), await paidOnCheckout(rig)];
    await Promise.all([rig.steps.settle(), rig.steps.settle()]);
    await rig.steps.settle();
    for (const order of orders) {
      expect(await transfersOf(rig, order.traceId), order.traceId).to.have.length(1);
      expect((await orderView(rig.url, order.traceId)).transfer?.attempts, order.traceId).to.equal(1);
    }
  });
});
