import type { Clock } from '../../domain/ports/clock.port.js';
import type { IdGenerator } from '../../domain/ports/id-generator.port.js';
import type { IncomingOutcome, IncomingTransferLog } from '../../domain/ports/incoming-transfer-log.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { IncomingTransfer, MixinTreasury } from '../../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../../domain/ports/notifier.port.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { RefundQueue } from '../../domain/ports/refund-queue.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';
import { parseMixPayRefundMemo } from '../../domain/refund/mixpay-refund-memo.js';
import { mixpayRefundReason } from '../../domain/refund/mixpay-refund-reasons.js';
import { queuePayerRefund } from './payer-refund.js';

export interface WatchIncomingTransfersDeps {
  readonly orders: OrderRepository;
  readonly incoming: IncomingTransferLog;
  readonly treasury: MixinTreasury;
  readonly refunds: RefundQueue;
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly log: Logger;
}

const PAGE = 100;

/**
 * Polls the bot's incoming transfers (the source of truth; a websocket may only wake it sooner).
 * Each snapshot is recorded once, in the same transaction as what it causes: MixPay returning an
 * order's money marks the order `refunded_by_mixpay` and queues the payer's refund, once. A
 * transfer that matches no order is kept for operators, never dropped.
 */
export class WatchIncomingTransfers {
  constructor(private readonly d: WatchIncomingTransfersDeps) {}

  async runOnce(): Promise<number> {
    for (const t of await this.d.incoming.deferred(PAGE)) await this.d.uow.run(() => this.apply(t));
    const cursor = await this.d.incoming.cursor();
    const page = await this.d.treasury.incoming(cursor, PAGE);
    for (const t of page.transfers) {
      await this.d.uow.run(async () => {
        if (await this.d.incoming.record(t, this.d.clock.now())) await this.apply(t);
      });
    }
    if (page.cursor !== cursor) await this.d.incoming.saveCursor(page.cursor, this.d.clock.now());
    return page.transfers.length;
  }

  private async apply(t: IncomingTransfer): Promise<void> {
    const now = this.d.clock.now();
    const memo = parseMixPayRefundMemo(t.memo);
    const order = memo ? await this.d.orders.findByTraceId(memo.traceId) : null;
    const settle = (outcome: IncomingOutcome) =>
      this.d.incoming.setOutcome(t.snapshotId, outcome, order?.traceId ?? null, memo?.code ?? null, now);

    if (!memo || !order) {
      await settle('unmatched');
      return this.alert(t, memo ? `names unknown order ${memo.traceId}` : 'is not a MixPay refund');
    }
    if (order.terms.assetId !== t.assetId || !order.terms.amount.eq(t.amount) || order.terms.opponentId !== t.opponentId) {
      await settle('mismatch');
      return this.alert(t, `names order ${order.traceId} but asset, amount or sender differ`);
    }
    if (order.status === 'refunded_by_mixpay') return settle('duplicate');
    if (order.status === 'paid' || order.status === 'settling' || order.status === 'settlement_failed') {
      return settle('deferred'); // our own transfer is not recorded as done yet; look again next round
    }
    if (order.status !== 'settled') {
      await settle('mismatch');
      return this.alert(t, `names order ${order.traceId}, which is ${order.status}`);
    }
    const meaning = mixpayRefundReason(memo.code);
    order.refundedByMixPay(memo.code, meaning, now);
    await this.d.orders.save(order);
    await queuePayerRefund(this.d, order, 'mixpay_refund', `MixPay returned the payment: ${memo.code} ${meaning}`, now);
    await settle('refund_applied');
    this.d.log.info(
      { trace_id: order.traceId, code: memo.code, reason: meaning, snapshot_id: t.snapshotId },
      'MixPay returned an order; payer refund queued',
    );
  }

  private async alert(t: IncomingTransfer, problem: string): Promise<void> {
    this.d.log.warn(
      { snapshot_id: t.snapshotId, asset_id: t.assetId, amount: t.amount.toString(), problem },
      'incoming transfer needs an operator',
    );
    void this.d.notifier.notify({
      key: `incoming:${t.snapshotId}`,
      severity: 'warning',
      message: `Incoming transfer ${t.snapshotId} (${t.amount} of ${t.assetId}) ${problem}`,
    });
  }
}
