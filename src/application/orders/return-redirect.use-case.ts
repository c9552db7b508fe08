import { returnUrlProblem, type ReturnUrlPolicy } from '../../domain/order/return-url-policy.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';

/** Where the payer's browser goes after the wallet: MixPay's return_url for the order. */
export class ReturnRedirect {
  constructor(
    private readonly orders: OrderRepository,
    private readonly policy: ReturnUrlPolicy,
    private readonly log: Logger,
  ) {}

  /** The target, or null (no such order, or a target the current policy forbids). */
  async execute(traceId: string): Promise<string | null> {
    const order = await this.orders.findByTraceId(traceId);
    if (!order) return null;
    // Checked again: the order may have been stored under an older, looser policy.
    const problem = returnUrlProblem(order.terms.returnUrl, this.policy);
    if (problem !== null) {
      this.log.warn({ trace_id: traceId, problem: `return_url ${problem}` }, 'return redirect refused: return_url not allowed by the current policy');
      return null;
    }
    return order.terms.returnUrl;
  }
}
