import type { Clock } from '../../domain/ports/clock.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { RefundQueue } from '../../domain/ports/refund-queue.port.js';

export type RetryRefundResult = 'retrying' | 'not_found' | 'not_failed';

export interface RetryRefundDeps {
  readonly refunds: RefundQueue;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * An operator sends a payer refund that failed for good back to the refund worker. The refund id
 * stays the same, so a provider that did refund after all answers with that refund, not a second one.
 */
export class RetryRefund {
  constructor(private readonly d: RetryRefundDeps) {}

  async execute(traceId: string): Promise<RetryRefundResult> {
    const refund = await this.d.refunds.findByTraceId(traceId);
    if (!refund) return 'not_found';
    if (!(await this.d.refunds.reopen(refund.refundId, this.d.clock.now()))) return 'not_failed';
    this.d.log.info({ trace_id: traceId, refund_id: refund.refundId, last_error: refund.lastError }, 'operator retried a failed refund');
    return 'retrying';
  }
}
