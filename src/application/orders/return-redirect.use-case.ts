import { returnUrlProblem, type ReturnUrlPolicy } from '../../domain/order/return-url-policy.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';

/** Where the payer's browser goes after the wallet: MixPay's return_url for the order. */
export interface ReturnRedirectDeps {
  readonly orders: OrderRepository;
  /** The current return_url policy (config `mixpay.returnUrl`). */
  readonly policy: ReturnUrlPolicy;
  readonly log: Logger;
}

export class ReturnRedirect {
  constructor(private readonly d: ReturnRedirectDeps) {}

  /** The target, or null (no such order, or a target the current policy forbids). */
  async execute(traceId: string): Promise<string | null> {
    const order = await this.d.orders.findByTraceId(traceId);
    if (!order) return null;
    // Checked again: the order may have been stored under an older, looser policy.
    const problem = returnUrlProblem(order.terms.returnUrl, this.d.policy);
    if (problem !== null) {
      const fields = { trace_id: traceId, problem: `return_url ${problem}` };
      this.d.log.warn(fields, 'return redirect refused: return_url not allowed by the current policy');
      return null;
    }
    return order.terms.returnUrl;
  }
}
