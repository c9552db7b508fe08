import { randomUUID } from 'node:crypto';
import { Amount } from '../../src/domain/money/amount.js';
import { Order } from '../../src/domain/order/order.js';
import { PAYEE, USDT } from './fixtures.js';

/** A freshly opened USDT order of the mock wallet (no fee, ten minutes to live), as the admission receives it. */
export function newOrder(amount = '1', payeeId = PAYEE, now = new Date()): Order {
  return Order.open(
    {
      traceId: randomUUID(),
      payeeId,
      wallet: 'mock',
      assetId: USDT,
      amount: Amount.parse(amount),
      memo: '',
      expiredAt: new Date(now.getTime() + 600_000),
      returnUrl: '',
      opponentId: randomUUID(),
    },
    Amount.zero(),
    'USDT',
    now,
  );
}
