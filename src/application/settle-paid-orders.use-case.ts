import type { Clock } from '../domain/ports/clock.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import type { MixinTreasury } from '../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../domain/ports/notifier.port.js';
import type { OrderRepository } from '../domain/ports/order.repository.port.js';
import type { SettlementQueue } from '../domain/ports/settlement-queue.port.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.port.js';
import { attemptsExhausted, nextAttemptDelayMs } from '../domain/settlement/retry-policy.js';
import type { TransferJob } from '../domain/settlement/transfer-job.js';
import { mutateOrder } from './mutate-order.js';
import type { WorkerPolicies } from './worker-policies.js';

export interface SettlePaidOrdersDeps {
  readonly orders: OrderRepository;
  readonly settlement: SettlementQueue;
  readonly treasury: MixinTreasury;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly log: Logger;
  readonly policies: WorkerPolicies;
}

/**
 * The settlement worker's step: takes due outbox rows and sends each order's amount to MixPay's bot
 * with MixPay's trace id as the request id, so however often a row is retried (after a crash, a
 * timeout, a lost answer) Mixin pays it once. Failures back off exponentially; when attempts run
 * out the order becomes `settlement_failed` for an operator.
 */
export class SettlePaidOrders {
  constructor(private readonly d: SettlePaidOrdersDeps) {}

  /** Returns how many transfers it worked on. */
  async runOnce(): Promise<number> {
    const jobs = await this.d.uow.run(() =>
      this.d.settlement.claimDue(this.d.clock.now(), this.d.policies.batchSize, this.d.policies.leaseMs),
    );
    for (const job of jobs) await this.settle(job);
    return jobs.length;
  }

  private async settle(job: TransferJob): Promise<void> {
    const log = this.d.log.child({ trace_id: job.traceId, attempt: job.attempts });
    const order = await mutateOrder(this.d, job.traceId, (o) => {
      if (o.status !== 'paid') return false;
      o.transition('settling', `transfer to MixPay, attempt ${job.attempts}`, this.d.clock.now());
      return true;
    });
    if (!order || order.status !== 'settling') {
      // Only a paid order is ever transferred; anything else is an operator's business.
      await this.d.settlement.markFailed(job.traceId, `order is ${order?.status ?? 'missing'}, not settling`, this.d.clock.now());
      log.error({ status: order?.status }, 'transfer refused: order is not settling');
      return;
    }
    try {
      const receipt = await this.d.treasury.transfer({
        requestId: job.traceId,
        assetId: job.assetId,
        opponentId: job.opponentId,
        amount: job.amount,
        memo: job.memo,
      });
      await mutateOrder(this.d, job.traceId, async (o) => {
        const now = this.d.clock.now();
        await this.d.settlement.markDone(job.traceId, receipt.transactionHash, now);
        await this.d.treasury.consume(job.traceId);
        if (o.status !== 'settling') return false;
        o.transition('settled', `transferred to MixPay: ${receipt.transactionHash}`, now);
        return true;
      });
      log.info({ transaction_hash: receipt.transactionHash, amount: job.amount.toString() }, 'order settled');
    } catch (e) {
      await this.failed(job, e, log);
    }
  }

  private async failed(job: TransferJob, e: unknown, log: Logger): Promise<void> {
    const now = this.d.clock.now();
    const message = e instanceof Error ? e.message : String(e);
    const retryable = (e as { retryable?: unknown }).retryable !== false;
    if (retryable && !attemptsExhausted(this.d.policies.transfers, job.attempts)) {
      const next = new Date(now.getTime() + nextAttemptDelayMs(this.d.policies.transfers, job.attempts));
      await this.d.settlement.markRetry(job.traceId, message, next, now);
      log.warn({ problem: message, next_attempt_at: next.toISOString() }, 'transfer failed; will retry');
      return;
    }
    await mutateOrder(this.d, job.traceId, async (o) => {
      await this.d.settlement.markFailed(job.traceId, message, now);
      if (o.status !== 'settling') return false;
      o.transition('settlement_failed', `transfer failed after ${job.attempts} attempts: ${message}`, now);
      return true;
    });
    log.error({ problem: message, retryable }, 'transfer failed for good; order needs an operator');
    void this.d.notifier.notify({
      key: `settlement-failed:${job.traceId}`,
      severity: 'critical',
      message: `Order ${job.traceId} could not be settled to MixPay: ${message}`,
      details: { trace_id: job.traceId, asset_id: job.assetId, amount: job.amount.toString() },
    });
  }
}
