import { expect } from 'chai';
import { Amount } from '../../src/domain/money/amount.js';
import { Order } from '../../src/domain/order/order.js';
import {
  IllegalTransition,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  canTransition,
  type OrderStatus,
} from '../../src/domain/order/order-status.js';

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
  // Every pair of statuses, legal or not according to the exported table: a move added to the
  // table is tested without anyone remembering to list it.
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      if (ORDER_TRANSITIONS[from].includes(to)) {
        it(`allows ${from} → ${to} and records it`, () => {
          const order = orderIn(from);
          order.transition(to, 'test', now);
          expect(order.status).to.equal(to);
          expect(order.takePendingTransitions()).to.deep.equal([{ from, to, cause: 'test', at: now }]);
        });
      } else {
        it(`refuses ${from} → ${to} and leaves the order as it was`, () => {
          const order = orderIn(from);
          expect(() => order.transition(to, 'test', now)).to.throw(IllegalTransition, `from ${from} to ${to}`);
          expect(order.status).to.equal(from);
          expect(order.takePendingTransitions()).to.deep.equal([]);
        });
      }
    }
  }

  it('names only known statuses in the table, and every status in it', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).to.deep.equal([...ORDER_STATUSES].sort());
    for (const targets of Object.values(ORDER_TRANSITIONS)) for (const to of targets) expect(ORDER_STATUSES).to.include(to);
  });

  it('reaches every status from creating', () => {
    const reached = new Set<OrderStatus>(['creating']);
    for (let grew = true; grew;) {
      grew = false;
      for (const from of reached) for (const to of ORDER_TRANSITIONS[from]) if (!reached.has(to)) grew = Boolean(reached.add(to));
    }
    expect([...reached].sort()).to.deep.equal([...ORDER_STATUSES].sort());
  });

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
