import { Amount, InvalidAmount } from '../domain/money/amount.js';
import type { Order } from '../domain/order/order.js';
import type { Clock } from '../domain/ports/clock.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import type { MixinTreasury } from '../domain/ports/mixin-treasury.port.js';
import { ConcurrentOrderUpdate, type OrderRepository } from '../domain/ports/order.repository.port.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.port.js';
import type { WalletEventLog } from '../domain/ports/wallet-event-log.port.js';
import type { WalletEvent } from '../domain/ports/wallet-provider.port.js';
import { normalizeUuid } from '../domain/wallet/payee-policy.js';

/**
 * What became of a verified event. `retry_later` asks the provider to deliver it again (the order
 * is still being created); everything else is acknowledged.
 */
export type WalletEventOutcome =
  | 'paid'
  | 'late_payment'
  | 'amount_mismatch'
  | 'failed'
  | 'expired'
  | 'duplicate'
  | 'ignored'
  | 'unknown_order'
  | 'retry_later';

const MAX_ATTEMPTS = 3;

/**
 * Applies a verified wallet event to its order. The event is recorded and the order moved in one
 * transaction, so a repeated delivery finds the event already recorded and changes nothing.
 */
export class HandleWalletEvent {
  constructor(
    private readonly orders: OrderRepository,
    private readonly events: WalletEventLog,
    private readonly treasury: MixinTreasury,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async execute(walletId: string, event: WalletEvent): Promise<WalletEventOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.uow.run(() => this.apply(walletId, event));
      } catch (e) {
        // Optimistic concurrency: another writer moved the order; decide again on fresh state.
        if (!(e instanceof ConcurrentOrderUpdate) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  private async apply(walletId: string, event: WalletEvent): Promise<WalletEventOutcome> {
    const order = await this.orders.findByTraceId(normalizeUuid(event.merchantTradeNo));
    if (!order || order.wallet !== walletId) {
      await this.events.record(walletId, event, 'unknown_order');
      this.log.warn({ event_id: event.eventId, merchant_trade_no: event.merchantTradeNo }, 'wallet event for no order of this wallet');
      return 'unknown_order';
    }
    if (order.status === 'creating') return 'retry_later'; // nothing recorded: the redelivery will be applied
    const outcome = await this.decide(order, event);
    if (!(await this.events.record(walletId, event, outcome))) return 'duplicate';
    if (order.holdsReservation() === false) await this.treasury.release(order.traceId);
    await this.orders.save(order);
    this.log.info({ trace_id: order.traceId, event_id: event.eventId, kind: event.kind, outcome, status: order.status }, 'wallet event applied');
    return outcome;
  }

  /** Moves the order (in memory) as the event implies and names the outcome. */
  private async decide(order: Order, event: WalletEvent): Promise<WalletEventOutcome> {
    const now = this.clock.now();
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
      default:
        return 'ignored';
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
      order.transition('needs_review', `amount or currency differs: ${cause} reported ${event.amount ?? '?'} ${event.currency ?? '?'}`, now);
      return 'amount_mismatch';
    }
    order.transition('paid', cause, now);
    return 'paid';
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
