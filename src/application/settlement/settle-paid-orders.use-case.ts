import type { BrokerMetrics, TransferOutcome } from '../../domain/ports/broker-metrics.port.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { BalanceLedger } from '../../domain/ports/balance-ledger.port.js';
import { isInsufficientBalance, type MixinTreasury } from '../../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../../domain/ports/notifier.port.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { AssetShare, SettlementQueue } from '../../domain/ports/settlement-queue.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';
import { attemptsExhausted, nextAttemptDelayMs } from '../../domain/settlement/retry-policy.js';
import type { OrderStatus } from '../../domain/order/order-status.js';
import type { ClaimedTransfer } from '../../domain/settlement/transfer-job.js';
import { mutateOrder } from '../orders/mutate-order.js';
import { KeyedLimiter } from '../shared/keyed-limiter.js';
import type { WorkerPolicies } from '../shared/worker-policies.js';

export interface SettlePaidOrdersDeps {
  readonly orders: OrderRepository;
  readonly settlement: SettlementQueue;
  readonly treasury: MixinTreasury;
  readonly ledger: BalanceLedger;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly log: Logger;
  readonly policies: WorkerPolicies;
  readonly metrics: BrokerMetrics;
}

/**
 * The settlement worker's step: takes due outbox rows and sends each order's amount to MixPay's bot
 * with MixPay's trace id as the request id, so however often a row is retried (after a crash, a
 * timeout, a lost answer) Mixin pays it once. Failures back off exponentially; when attempts run
 * out the order becomes `settlement_failed` for an operator. Each row's lease is renewed just
 * before it is worked, and every write is fenced by it: a worker that lost a row to another claim
 * records nothing, and leaves the row to that claim.
 */
export class SettlePaidOrders {
  private readonly lanes: KeyedLimiter;
  private readonly running = new Set<Promise<void>>();
  /** Transfers `pump` has running (or waiting for their lane), per asset. */
  private readonly runningPerAsset = new Map<string, number>();
  private nudged: (() => void) | null = null;

  constructor(private readonly d: SettlePaidOrdersDeps) {
    this.lanes = new KeyedLimiter(d.policies.inFlightPerAsset);
  }

  /**
   * One round: claims up to `batchSize` due transfers and works them all, those of different
   * assets in parallel and up to `inFlightPerAsset` of one asset at once (the treasury gives each
   * its own outputs). Returns how many it worked on, once all are finished.
   */
  async runOnce(): Promise<number> {
    const jobs = await this.claim(this.d.policies.batchSize);
    await Promise.all(jobs.map((job) => this.work(job)));
    return jobs.length;
  }

  /**
   * The worker's step: keeps up to `batchSize` transfers in flight without waiting for a whole
   * round. Claims what fits, then returns as soon as one transfer ends or `nudge` says new work
   * was queued, so the worker calls again at once; 0 when nothing is due or in flight.
   */
  async pump(): Promise<number> {
    const free = this.d.policies.batchSize - this.running.size;
    const share = { max: this.d.policies.inFlightPerAsset, running: this.runningPerAsset };
    const jobs = free > 0 ? await this.claim(free, share) : [];
    for (const job of jobs) {
      this.runningPerAsset.set(job.assetId, (this.runningPerAsset.get(job.assetId) ?? 0) + 1);
      const p: Promise<void> = this.work(job).finally(() => {
        this.running.delete(p);
        const n = (this.runningPerAsset.get(job.assetId) ?? 1) - 1;
        if (n > 0) this.runningPerAsset.set(job.assetId, n);
        else this.runningPerAsset.delete(job.assetId);
      });
      this.running.add(p);
    }
    if (this.running.size === 0) return 0;
    // Claimed what was due and fits: claiming again finds nothing more until a transfer ends (its
    // slot refills at once) or a payment is recorded (nudge). No empty claim round trip in between.
    await new Promise<void>((resolve) => {
      this.nudged = resolve;
      void Promise.race(this.running).then(resolve);
    });
    this.nudged = null;
    return jobs.length + 1;
  }

  /** New transfers were queued (a payment was recorded): a waiting `pump` claims them now. */
  nudge(): void {
    this.nudged?.();
  }

  /** Waits for the transfers `pump` started (a graceful stop). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * With a share, no asset gets more jobs than its lane runs at once: the rest stay for other assets
   * (and processes). Each asset's claim is one statement of its own, so no transaction around them.
   */
  private claim(limit: number, share?: AssetShare): Promise<ClaimedTransfer[]> {
    return this.d.settlement.claimDue(this.d.clock.now(), limit, this.d.policies.leaseMs, share);
  }

  private work(job: ClaimedTransfer): Promise<void> {
    return this.lanes.run(job.assetId, () => this.settle(job));
  }

  private async settle(job: ClaimedTransfer): Promise<void> {
    const log = this.d.log.child({ trace_id: job.traceId, attempt: job.attempts });
    let held = false;
    // Renewed in the transaction that moves the order, so only the holder of a live claim moves it.
    const order = await mutateOrder(this.d, job.traceId, async (o) => {
      held = await this.d.settlement.renew(job, this.d.clock.now(), this.d.policies.leaseMs);
      if (!held || o.status !== 'paid') return false;
      o.transition('settling', `transfer to MixPay, attempt ${job.attempts}`, this.d.clock.now());
      return true;
    });
    if (order && !held) return leaseLost(log, 'before the transfer');
    if (order && TRANSFERRED.has(order.status)) {
      // Settled under an earlier claim, which did the transfer: the row is done, whatever it says.
      if (!(await this.d.settlement.markDone(job, null, this.d.clock.now()))) return leaseLost(log, 'recording an earlier transfer');
      log.info({ status: order.status }, 'transfer already done: the order is settled');
      return;
    }
    if (!order || order.status !== 'settling') {
      // Only a paid order is ever transferred; anything else is an operator's business.
      const refused = await this.d.settlement.markFailed(job, `order is ${order?.status ?? 'missing'}, not settling`, this.d.clock.now());
      if (!refused) return leaseLost(log, 'refusing the transfer');
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
        firstAttempt: job.attempts === 1,
      });
      let recorded = false;
      await mutateOrder(this.d, job.traceId, async (o) => {
        const now = this.d.clock.now();
        recorded = await this.d.settlement.markDone(job, receipt.transactionHash, now);
        if (!recorded) return false;
        await this.d.ledger.consume(job.traceId);
        if (o.status !== 'settling') return false;
        o.transition('settled', `transferred to MixPay: ${receipt.transactionHash}`, now);
        return true;
      });
      // Paid once all the same (the request id is the trace id); the claim's new holder records it.
      if (!recorded) return leaseLost(log, 'after the transfer');
      this.counted(job, 'settled');
      log.info({ transaction_hash: receipt.transactionHash, amount: job.amount.toString() }, 'order settled');
    } catch (e) {
      await this.failed(job, e, log, order.terms.expiredAt);
    }
  }

  private counted(job: ClaimedTransfer, outcome: TransferOutcome): void {
    this.d.metrics.transferAttempted(job.assetId, outcome, job.queuedAt, this.d.clock.now());
  }

  private async failed(job: ClaimedTransfer, e: unknown, log: Logger, deadline: Date): Promise<void> {
    const now = this.d.clock.now();
    const message = e instanceof Error ? e.message : String(e);
    if (isInsufficientBalance(e) && now < deadline) return this.awaitBalance(job, message, log, deadline);
    const retryable = (e as { retryable?: unknown }).retryable !== false;
    if (retryable && !attemptsExhausted(this.d.policies.transfers, job.attempts)) {
      const next = new Date(now.getTime() + nextAttemptDelayMs(this.d.policies.transfers, job.attempts));
      if (!(await this.d.settlement.markRetry(job, message, next, now))) return leaseLost(log, 'scheduling a retry');
      this.counted(job, 'retrying');
      log.warn({ problem: message, next_attempt_at: next.toISOString() }, 'transfer failed; will retry');
      return;
    }
    let recorded = false;
    await mutateOrder(this.d, job.traceId, async (o) => {
      recorded = await this.d.settlement.markFailed(job, message, now);
      if (!recorded || o.status !== 'settling') return false;
      o.transition('settlement_failed', `transfer failed after ${job.attempts} attempts: ${message}`, now);
      return true;
    });
    if (!recorded) return leaseLost(log, 'giving up');
    this.counted(job, 'failed');
    log.error({ problem: message, retryable }, 'transfer failed for good; order needs an operator');
    void this.d.notifier.notify({
      key: `settlement-failed:${job.traceId}`,
      severity: 'critical',
      message: `Order ${job.traceId} could not be settled to MixPay: ${message}`,
      details: { trace_id: job.traceId, asset_id: job.assetId, amount: job.amount.toString() },
    });
  }

  /**
   * The bot lacks the money now (Mixin's 20117). The order was paid and MixPay waits for it until
   * its deadline, so keep trying until then (a top-up may come), with an alert, instead of failing.
   */
  private async awaitBalance(job: ClaimedTransfer, message: string, log: Logger, deadline: Date): Promise<void> {
    const now = this.d.clock.now();
    const delay = Math.min(BALANCE_RETRY_MAX_MS, nextAttemptDelayMs(this.d.policies.transfers, job.attempts));
    const next = new Date(Math.min(now.getTime() + delay, Math.max(now.getTime(), deadline.getTime())));
    if (!(await this.d.settlement.markRetry(job, message, next, now))) return leaseLost(log, 'waiting for balance');
    this.counted(job, 'retrying');
    log.warn(
      { problem: message, next_attempt_at: next.toISOString(), deadline: deadline.toISOString() },
      'insufficient balance; retrying until the deadline',
    );
    void this.d.notifier.notify({
      key: `insufficient-balance:${job.assetId}`,
      severity: 'critical',
      message:
        `Insufficient balance of ${job.assetId} to settle order ${job.traceId} (${job.amount.toString()}); ` +
        `retrying until ${deadline.toISOString()}`,
      details: { trace_id: job.traceId, asset_id: job.assetId, amount: job.amount.toString(), deadline: deadline.toISOString() },
    });
  }
}

/** Waiting for money is retried at least this often, so a top-up is used soon. */
const BALANCE_RETRY_MAX_MS = 30_000;
/** Statuses reached only after the transfer to MixPay was made. */
const TRANSFERRED: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['settled', 'refunded_by_mixpay']);

function leaseLost(log: Logger, stage: string): void {
  log.warn({ stage }, 'lease lost: the transfer was claimed by another worker (or its lease passed); nothing recorded');
}
