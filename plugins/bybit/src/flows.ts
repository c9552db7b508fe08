import { err, type Result, type WalletFailure, type WalletProvider } from '@mixpay-broker/plugin-api';
import { createCheckoutFlow } from './create-checkout.js';
import { createPaymentFlows } from './payments.js';
import { createRefundFlow } from './refund.js';
import type { BybitRuntime } from './runtime.js';
import { createWebhookVerifier } from './verify-webhook.js';

/*
 * Bybit Pay as a WalletProvider. Each operation lives in its own module; here they are put together,
 * and a throw from the plugin store becomes a retryable failure instead of crossing the boundary.
 */

export function createBybitProvider(rt: BybitRuntime): WalletProvider {
  const { logger } = rt.ctx;

  const guarded =
    <A, T>(operation: string, work: (arg: A) => Promise<Result<T, WalletFailure>>) =>
    async (arg: A): Promise<Result<T, WalletFailure>> => {
      try {
        return await work(arg);
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        logger.error({ operation, error: message }, 'Bybit Pay plugin failed');
        return err({ reason: 'unavailable', retryable: true, message: `Bybit Pay ${operation} failed: ${message}` });
      }
    };

  const payments = createPaymentFlows(rt);
  return {
    createCheckout: guarded('createCheckout', createCheckoutFlow(rt)),
    queryPayment: guarded('queryPayment', payments.queryPayment),
    closePayment: guarded('closePayment', payments.closePayment),
    refund: guarded('refund', createRefundFlow(rt, payments.payOrder)),
    // A store failure here throws: the host answers 500 and Bybit delivers again.
    verifyWebhook: createWebhookVerifier(rt),
  };
}
