import { Amount, InvalidAmount } from '../../domain/money/amount.js';
import type { Order } from '../../domain/order/order.js';
import { canMove } from '../../domain/outbox/outbox-machine.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { IdGenerator } from '../../domain/ports/id-generator.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { Notifier } from '../../domain/ports/notifier.port.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { RefundQueue } from '../../domain/ports/refund-queue.port.js';
import type { SettlementQueue } from '../../domain/ports/settlement-queue.port.js';
import type { WorkSignal } from '../../domain/ports/work-signal.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';
import type { WalletEventLog } from '../../domain/ports/wallet-event-log.port.js';
import type { WalletEvent } from '../../domain/ports/wallet-provider.port.js';
import { REFUND_OUTBOX } from '../../domain/refund/refund-outbox.js';
import { CANONICAL_UUID, normalizeUuid } from '../../domain/shared/uuid.js';
import { queuePayerRefund } from '../refunds/payer-refund.js';
import { retryOnConcurrentUpdate } from '../shared/retry-on-concurrent-update.js';

/**
 * What became of a verified event; all are acknowledged to the provider. `deferred`: the order was
 * still being created, so the event is stored and applied by the reconciliation worker shortly.
 */
export type WalletEventOutcome =
  | 'paid'
  | 'late_payment'
  | 'amount_mismatch'
  | 'failed'
  | 'expired'
  | 'refunded'
  | 'refund_failed'
  | 'duplicate'
  | 'ignored'
  | 'unknown_order'
  | 'deferred';

export interface HandleWalletEventDeps {
  readonly orders: OrderRepository;
  readonly events: WalletEventLog;
  readonly settlement: SettlementQueue;
  readonly refunds: RefundQueue;
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly log: Logger;
  readonly signal: WorkSignal;
}

/**
 * Applies a verified wallet event (from a webhook or a reconciliation query) to its order. The
 * event is recorded, the order moved, and the work the move implies queued (a transfer to MixPay,
 * a refund to the payer) in one transaction, so a repeated delivery changes nothing twice.
 */
export class HandleWalletEvent {
  constructor(private readonly d: HandleWalletEventDeps) {}

  async execute(walletId: string, event: WalletEvent): Promise<WalletEventOutcome> {
    const outcome = await retryOnConcurrentUpdate(this.d.uow, () => this.apply(walletId, event));
    // Committed: the settlement worker can claim the transfer now rather than at its next poll.
    if (outcome === 'paid') this.d.signal.transfersQueued();
    return outcome;
  }

  private async apply(walletId: string, event: WalletEvent): Promise<WalletEventOutcome> {
    const traceId = normalizeUuid(event.merchantTradeNo);
    const order = CANONICAL_UUID.test(traceId) ? await this.d.orders.findByTraceId(traceId) : null;
    if (!order || order.wallet !== walletId) {
      await this.d.events.record(walletId, event, 'unknown_order');
      this.d.log.warn({ event_id: event.eventId, merchant_trade_no: event.merchantTradeNo }, 'wallet event for no order of this wallet');
      return 'unknown_order';
    }
    if (order.status === 'creating') {
      // Acknowledge and keep it: asking the provider to redeliver could meet its own replay guard.
      await this.d.events.record(walletId, event, 'deferred');
      return 'deferred';
    }
    const now = this.d.clock.now();
    const outcome = this.decide(order, event, now);
    if (!(await this.d.events.record(walletId, event, outcome))) return 'duplicate';
    await this.doWorkImpliedBy(outcome, order, event, now);
    await this.d.orders.save(order);
    this.d.log.info(
      { trace_id: order.traceId, event_id: event.eventId, kind: event.kind, outcome, status: order.status },
      'wallet event applied',
    );
    return outcome;
  }

  /** Moves the order (in memory) as the event implies and names the outcome. */
  private decide(order: Order, event: WalletEvent, now: Date): WalletEventOutcome {
    const cause = `${event.kind} (${event.eventId})`;
    switch (event.kind) {
      case 'payment.succeeded':
        return this.paymentSucceeded(order, event, cause, now);
      case 'payment.failed':
        if (order.status !== 'awaiting_payment') return 'ignored';
        order.fail(cause, now);
        return 'failed';
      case 'payment.expired':
        if (order.status !== 'awaiting_payment') return 'ignored';
        order.transition('expired', cause, now);
        return 'expired';
      case 'refund.succeeded':
        if (order.status === 'refund_pending') order.transition('refunded', cause, now);
        return 'refunded';
      case 'refund.failed':
        return 'refund_failed';
    }
  }

  private paymentSucceeded(order: Order, event: WalletEvent, cause: string, now: Date): WalletEventOutcome {
    if (order.status === 'awaiting_payment' && order.isPastDeadline(event.occurredAt ?? now)) {
      order.transition('expired', `deadline passed before ${cause}`, now);
    }
    if (order.status === 'expired' || order.status === 'failed') {
      // Paid too late for MixPay: the money goes back to the payer through the wallet.
      order.transition('refund_pending', `late payment: ${cause}`, now);
      return 'late_payment';
    }
    if (order.status !== 'awaiting_payment') return 'ignored';
    if (!paidExactly(order, event)) {
      order.holdForReview(
        { amount: event.amount?.slice(0, 64) ?? null, currency: event.currency?.slice(0, 32) ?? null },
        `amount or currency differs: ${cause} reported ${event.amount ?? '?'} ${event.currency ?? '?'}, ` +
          `expected ${order.payAmount} ${order.currency}`,
        now,
      );
      return 'amount_mismatch';
    }
    order.transition('paid', cause, now);
    return 'paid';
  }

  private async doWorkImpliedBy(outcome: WalletEventOutcome, order: Order, event: WalletEvent, now: Date): Promise<void> {
    const t = order.terms;
    switch (outcome) {
      case 'paid':
        await this.d.settlement.enqueue(
          { traceId: t.traceId, assetId: t.assetId, opponentId: t.opponentId, amount: t.amount, memo: t.memo },
          now,
        );
        return;
      case 'late_payment':
        await queuePayerRefund(this.d, order, 'late_payment', `paid after expired_at (${event.eventId})`, now);
        return;
      case 'amount_mismatch':
        void this.d.notifier.notify({
          key: `needs-review:${order.traceId}`,
          severity: 'warning',
          message:
            `Order ${order.traceId} needs review: the payer paid ${event.amount ?? '?'} ${event.currency ?? '?'} ` +
            `instead of ${order.payAmount} ${order.currency}`,
        });
        return;
      case 'refunded': {
        const refund = await this.d.refunds.findByTraceId(order.traceId);
        if (refund && canMove(REFUND_OUTBOX, 'providerSucceeded', refund.state)) {
          await this.d.refunds.markSucceeded(refund.refundId, event.refundId ?? null, now);
        }
        return;
      }
      case 'refund_failed': {
        const refund = await this.d.refunds.findByTraceId(order.traceId);
        if (refund && canMove(REFUND_OUTBOX, 'providerFailed', refund.state)) {
          await this.d.refunds.markFailed(refund.refundId, `provider: ${event.eventId}`, now);
        }
        void this.d.notifier.notify({
          key: `refund-failed:${order.traceId}`,
          severity: 'critical',
          message: `The wallet rejected the refund of order ${order.traceId}`,
        });
        return;
      }
      default:
        return;
    }
  }
}

/** The payer must have paid exactly amount + fee in the configured currency; anything else is reviewed. */
function paidExactly(order: Order, event: WalletEvent): boolean {
  if (event.amount === undefined || event.currency === undefined) return false;
  if (event.currency.toUpperCase() !== order.currency.toUpperCase()) return false;
  try {
    return Amount.parse(event.amount).eq(order.payAmount);
  } catch (e) {
    if (e instanceof InvalidAmount) return false;
    throw e;
  }
}
