import { expect } from 'chai';
import { Amount } from '../../src/domain/money/amount.js';
import { Order } from '../../src/domain/order/order.js';
import { IllegalTransition, ORDER_STATUSES, canTransition, type OrderStatus } from '../../src/domain/order/order-status.js';

const now = new Date('2026-11-24T10:00:00Z');

function orderIn(status: OrderStatus): Order {
  const order = Order.open(
    {
      traceId: '12c55575-c85a-4b58-a245-19e6b678eee9',
      payeeId: '3539c3ce-52c0-4b0b-9573-c035ecb98d48',
      wallet: 'mock',
      assetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
      amount: Amount.parse('10'),
      memo: 'm',
      expiredAt: new Date(now.getTime() + 60_000),
      returnUrl: 'https://mixpay.me/r',
      opponentId: '3539c3ce-52c0-4b0b-9573-c035ecb98d48',
    },
    Amount.parse('0.1'),
    'USDT',
    now,
  );
  return Order.restore({ ...order.snapshot(), status });
}

describe('order state machine', () => {
  const legal: [OrderStatus, OrderStatus][] = [
    ['creating', 'awaiting_payment'],
    ['creating', 'failed'],
    ['awaiting_payment', 'paid'],
    ['awaiting_payment', 'expired'],
    ['awaiting_payment', 'needs_review'],
    ['paid', 'settling'],
    ['settling', 'settled'],
    ['settling', 'settlement_failed'],
    ['settlement_failed', 'settling'],
    ['settled', 'refunded_by_mixpay'],
    ['expired', 'refund_pending'],
    ['refund_pending', 'refunded'],
  ];
  for (const [from, to] of legal) {
    it(`allows ${from} → ${to} and records it`, () => {
      const order = orderIn(from);
      order.transition(to, 'test', now);
      expect(order.status).to.equal(to);
      expect(order.takePendingTransitions()).to.deep.equal([{ from, to, cause: 'test', at: now }]);
    });
  }

  const illegal: [OrderStatus, OrderStatus][] = [
    ['creating', 'paid'],
    ['awaiting_payment', 'settled'],
    ['paid', 'paid'],
    ['paid', 'expired'],
    ['settled', 'settling'],
    ['expired', 'paid'],
    ['refunded', 'refund_pending'],
    ['refunded_by_mixpay', 'refund_pending'],
  ];
  for (const [from, to] of illegal) {
    it(`refuses ${from} → ${to} and leaves the order as it was`, () => {
      const order = orderIn(from);
      expect(() => order.transition(to, 'test', now)).to.throw(IllegalTransition, `from ${from} to ${to}`);
      expect(order.status).to.equal(from);
      expect(order.takePendingTransitions()).to.deep.equal([]);
    });
  }

  it('lets nothing leave a terminal status', () => {
    for (const terminal of ['refunded', 'refunded_by_mixpay'] as const) {
      for (const to of ORDER_STATUSES) expect(canTransition(terminal, to), `${terminal} → ${to}`).to.equal(false);
    }
  });

  it('a new order starts in creating with its first history entry', () => {
    const order = Order.restore(orderIn('creating').snapshot());
    const fresh = Order.open(order.terms, order.fee, 'USDT', now);
    expect(fresh.status).to.equal('creating');
    expect(fresh.takePendingTransitions()).to.have.length(1);
  });

  it('charges the payer amount plus fee and references the provider by the dashless trace id', () => {
    const order = orderIn('awaiting_payment');
    expect(order.payAmount.toString()).to.equal('10.10000000');
    expect(order.merchantTradeNo).to.equal('12c55575c85a4b58a24519e6b678eee9');
  });

  it('is past its deadline only after expired_at', () => {
    const order = orderIn('awaiting_payment');
    expect(order.isPastDeadline(new Date(now.getTime() + 60_000))).to.equal(false);
    expect(order.isPastDeadline(new Date(now.getTime() + 60_001))).to.equal(true);
  });
});
