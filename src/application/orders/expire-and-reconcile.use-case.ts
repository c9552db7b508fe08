import type { Order } from '../../domain/order/order.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';
import { isOutage, type PaymentStatus, type WalletEvent } from '../../domain/ports/wallet-provider.port.js';
import type { WalletRegistry } from '../../domain/ports/wallet-registry.port.js';
import type { WalletEventLog } from '../../domain/ports/wallet-event-log.port.js';
import type { HandleWalletEvent } from './handle-wallet-event.use-case.js';
import { mutateOrder } from './mutate-order.js';
import type { WorkerPolicies } from '../shared/worker-policies.js';

export interface ExpireAndReconcileDeps {
  readonly orders: OrderRepository;
  readonly wallets: WalletRegistry;
  readonly handleWalletEvent: HandleWalletEvent;
  readonly events: WalletEventLog;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly log: Logger;
  readonly policies: WorkerPolicies;
}

const BATCH = 50;

/**
 * Three jobs of one worker. Deferred webhook events (their order was still being created) are
 * applied. Expiry: an unpaid order past `expired_at` is asked about once more, then
 * closed at the wallet, expired, and its reservation released. Reconciliation: orders still waiting
 * are queried at the wallet on a schedule, so a lost webhook still settles; what the query finds
 * goes through the same event handling as a webhook.
 */
export class ExpireAndReconcile {
  constructor(private readonly d: ExpireAndReconcileDeps) {}

  async runOnce(): Promise<number> {
    let applied = 0;
    for (const { wallet, event } of await this.d.events.deferred(BATCH)) {
      if ((await this.d.handleWalletEvent.execute(wallet, event)) !== 'deferred') applied += 1;
    }
    const now = this.d.clock.now();
    const expiring = await this.d.orders.pastDeadline(now, BATCH);
    for (const order of expiring) await this.expire(order);
    const due = await this.d.orders.dueForCheck(now, BATCH);
    for (const order of due) await this.check(order);
    return applied + expiring.length + due.length;
  }

  /**
   * One order now, outside the schedule (an operator's "reconcile"): the wallet is asked, and a
   * definite answer is applied exactly as the scheduled check applies it. Null: the wallet did not answer.
   */
  async reconcileNow(order: Order): Promise<PaymentStatus['state'] | null> {
    const status = await this.query(order);
    if (status && status.state !== 'pending') await this.applyStatus(order, status);
    return status?.state ?? null;
  }

  private async expire(order: Order): Promise<void> {
    const status = order.status === 'awaiting_payment' ? await this.query(order) : null;
    if (status && status.state !== 'pending' && (await this.applyStatus(order, status))) return;
    if (order.status === 'awaiting_payment') await this.close(order);
    await mutateOrder(this.d, order.traceId, async (o) => {
      if (o.status !== 'creating' && o.status !== 'awaiting_payment') return false;
      o.transition('expired', 'expired_at passed without payment', this.d.clock.now());
      o.scheduleCheck(null, false);
      return true;
    });
  }

  private async check(order: Order): Promise<void> {
    const status = await this.query(order);
    if (status && status.state !== 'pending' && (await this.applyStatus(order, status))) return;
    const schedule = this.d.policies.checkAfterSeconds;
    await mutateOrder(this.d, order.traceId, (o) => {
      if (o.status !== 'awaiting_payment') return false;
      const after = schedule[o.checks + 1];
      o.scheduleCheck(after === undefined ? null : new Date(o.createdAt.getTime() + after * 1000), true);
      return true;
    });
  }

  /** A definite answer from the wallet becomes an event, exactly as if a webhook had brought it. */
  private async applyStatus(order: Order, status: PaymentStatus): Promise<boolean> {
    const kind = status.state === 'paid' ? 'payment.succeeded' : status.state === 'failed' ? 'payment.failed' : 'payment.expired';
    const event: WalletEvent = {
      eventId: `reconcile:${order.traceId}:${status.state}`,
      kind,
      merchantTradeNo: order.merchantTradeNo,
      ...(order.paymentId ? { paymentId: order.paymentId } : {}),
      ...(status.amount !== undefined ? { amount: status.amount } : {}),
      ...(status.currency !== undefined ? { currency: status.currency } : {}),
      occurredAt: this.d.clock.now(),
    };
    const outcome = await this.d.handleWalletEvent.execute(order.wallet, event);
    this.d.log.info({ trace_id: order.traceId, wallet: order.wallet, state: status.state, outcome }, 'reconciled with the wallet');
    return outcome !== 'deferred';
  }

  private async query(order: Order): Promise<PaymentStatus | null> {
    const wallet = this.d.wallets.serving(order.wallet);
    if (!wallet) return null;
    try {
      const res = await wallet.provider.queryPayment({
        paymentId: order.paymentId,
        merchantTradeNo: order.merchantTradeNo,
        providerData: order.providerData,
      });
      if (res.ok) return res.value;
      // Outages and exceptions are reported once per incident by the plugin host, not per order and tick.
      const level = isOutage(res.error) ? 'debug' : 'warn';
      this.d.log[level]({ trace_id: order.traceId, wallet: order.wallet, reason: res.error.reason }, 'wallet query failed');
    } catch (e) {
      this.d.log.debug({ problem: (e as Error).message, trace_id: order.traceId, wallet: order.wallet }, 'wallet plugin threw on query');
    }
    return null;
  }

  /** Best effort: a wallet that cannot close still expires on its own; the order expires here regardless. */
  private async close(order: Order): Promise<void> {
    const wallet = this.d.wallets.serving(order.wallet);
    if (!wallet) return;
    try {
      const res = await wallet.provider.closePayment({
        paymentId: order.paymentId,
        merchantTradeNo: order.merchantTradeNo,
        providerData: order.providerData,
      });
      if (!res.ok)
        this.d.log[isOutage(res.error) ? 'debug' : 'warn'](
          { trace_id: order.traceId, reason: res.error.reason },
          'wallet did not close the payment',
        );
    } catch (e) {
      this.d.log.debug({ problem: (e as Error).message, trace_id: order.traceId }, 'wallet plugin threw on close');
    }
  }
}
