import type { Clock } from '../../domain/ports/clock.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { Notifier } from '../../domain/ports/notifier.port.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { RefundQueue } from '../../domain/ports/refund-queue.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';
import { isOutage, type WalletFailure } from '../../domain/ports/wallet-provider.port.js';
import type { WalletRegistry } from '../../domain/ports/wallet-registry.port.js';
import type { ClaimedRefund, RefundJob } from '../../domain/refund/refund-job.js';
import { attemptsExhausted, nextAttemptDelayMs } from '../../domain/settlement/retry-policy.js';
import { err, type Result } from '../../domain/shared/result.js';
import type { RefundOutcome } from '../../domain/ports/wallet-provider.port.js';
import { mutateOrder } from '../orders/mutate-order.js';
import type { WorkerPolicies } from '../shared/worker-policies.js';

export interface RefundPayersDeps {
  readonly orders: OrderRepository;
  readonly refunds: RefundQueue;
  readonly wallets: WalletRegistry;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly log: Logger;
  readonly policies: WorkerPolicies;
}

/**
 * The refund worker's step: gives payers their money back through the wallet they paid with, with
 * the same refund id on every attempt so the provider refunds once. Like settlement, each row's
 * lease is renewed just before it is worked and every write is fenced by it.
 */
export class RefundPayers {
  constructor(private readonly d: RefundPayersDeps) {}

  async runOnce(): Promise<number> {
    const jobs = await this.d.uow.run(() =>
      this.d.refunds.claimDue(this.d.clock.now(), this.d.policies.batchSize, this.d.policies.leaseMs),
    );
    for (const job of jobs) await this.refund(job);
    return jobs.length;
  }

  private async refund(job: ClaimedRefund): Promise<void> {
    const log = this.d.log.child({ trace_id: job.traceId, wallet: job.wallet, refund_id: job.refundId, attempt: job.attempts });
    if (!(await this.d.refunds.renew(job, this.d.clock.now(), this.d.policies.leaseMs))) return leaseLost(log, 'before asking the wallet');
    const order = await this.d.orders.findByTraceId(job.traceId);
    const result = order
      ? await this.ask(job, order.payAmount.toString(), order.paymentId, order.merchantTradeNo, order.providerData)
      : null;
    const now = this.d.clock.now();
    if (result === null) {
      if (!(await this.d.refunds.markFailedByWorker(job, 'order not found', now))) leaseLost(log, 'giving up');
      return;
    }
    if (result.ok && result.value.state === 'succeeded') {
      let recorded = false;
      await mutateOrder(this.d, job.traceId, async (o) => {
        recorded = await this.d.refunds.markSucceededByWorker(job, result.value.providerRefundId ?? null, now);
        if (!recorded || o.status !== 'refund_pending') return false;
        o.transition('refunded', `payer refunded through the wallet (${job.refundId})`, now);
        return true;
      });
      if (!recorded) return leaseLost(log, 'after the refund');
      log.info({ amount: job.amount.toString(), currency: job.currency }, 'payer refunded');
      return;
    }
    const exhausted = attemptsExhausted(this.d.policies.refunds, job.attempts);
    const next = new Date(now.getTime() + nextAttemptDelayMs(this.d.policies.refunds, job.attempts));
    if (result.ok) {
      // Accepted, not final: ask again later with the same refund id (which is also how its status is learned).
      if (exhausted) return this.giveUp(job, 'the provider never confirmed the refund', log);
      if (!(await this.d.refunds.markAwaitingProviderByWorker(job, result.value.providerRefundId ?? null, next, now)))
        leaseLost(log, 'awaiting the provider');
      return;
    }
    if (result.error.retryable && !exhausted) {
      if (!(await this.d.refunds.markRetryByWorker(job, result.error.message, next, now))) return leaseLost(log, 'scheduling a retry');
      log[isOutage(result.error) ? 'debug' : 'warn'](
        { problem: result.error.message, reason: result.error.reason },
        'refund failed; will retry',
      );
      return;
    }
    return this.giveUp(job, `${result.error.reason}: ${result.error.message}`, log);
  }

  private async ask(
    job: RefundJob,
    paidAmount: string,
    paymentId: string | null,
    merchantTradeNo: string,
    providerData: Readonly<Record<string, string>>,
  ): Promise<Result<RefundOutcome, WalletFailure>> {
    const wallet = this.d.wallets.serving(job.wallet);
    if (!wallet) return err({ reason: 'unavailable', message: `wallet ${job.wallet} is not in service`, retryable: true });
    try {
      return await wallet.provider.refund({
        refundId: job.refundId,
        payment: { paymentId, merchantTradeNo, providerData },
        amount: job.amount.toString(),
        paidAmount,
        currency: job.currency,
        reason: job.reason,
      });
    } catch (e) {
      this.d.log.debug({ problem: (e as Error).message, wallet: job.wallet }, 'wallet plugin threw while refunding'); // the host logged it
      return err({ reason: 'unavailable', message: 'plugin threw', retryable: true });
    }
  }

  private async giveUp(job: ClaimedRefund, problem: string, log: Logger): Promise<void> {
    if (!(await this.d.refunds.markFailedByWorker(job, problem, this.d.clock.now()))) return leaseLost(log, 'giving up');
    log.error({ problem }, 'refund failed for good; needs an operator');
    void this.d.notifier.notify({
      key: `refund-failed:${job.traceId}`,
      severity: 'critical',
      message: `Refund of order ${job.traceId} (${job.amount} ${job.currency}) failed: ${problem}`,
    });
  }
}

function leaseLost(log: Logger, stage: string): void {
  log.warn(
    { stage },
    'lease lost: the refund was claimed by another worker, settled by the provider, or its lease passed; nothing recorded',
  );
}
