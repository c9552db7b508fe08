import { html, redirect, type PluginHttpResponse, type PluginRoute } from '@mixpay-broker/plugin-api';
import { checkoutPage, messagePage } from './checkout-page.js';
import { newId } from './flows.js';
import type { MockRuntime } from './runtime.js';
import { awaitsDelivery, effectiveState, type StoredOutcome, type StoredPayment } from './store.js';
import { buildEventBody, type MockEventType } from './transformers.js';
import { postWebhook } from './webhook-sender.js';

/*
 * The pages the mock wallet serves under /plugins/<wallet>: the checkout page and its two buttons.
 * A button settles the payment once, then tells the broker with a signed webhook and sends the
 * browser back to the broker's return route. Under the lost-webhook fault the webhook is dropped
 * instead (the payment stays settled here, so a query still finds it) and the browser goes back all the same.
 */

type Button = 'pay' | 'fail';

const unknownPayment = (): PluginHttpResponse => html(messagePage('Unknown payment', 'The mock wallet has no such payment.'), 404);

const stateAfter = (type: MockEventType): StoredPayment['state'] =>
  type === 'payment.succeeded' ? 'paid' : type === 'payment.failed' ? 'failed' : 'expired';

export function createRoutes(rt: MockRuntime): PluginRoute[] {
  const { ctx, store, locks } = rt;
  const { logger } = ctx;
  const checkoutPath = (paymentId: string): string => `/checkout/${encodeURIComponent(paymentId)}`;
  // A double click must not deliver twice at once: the second press waits for the first delivery.
  const deliveries = new Map<string, Promise<PluginHttpResponse>>();

  /** Decides the outcome once per payment; null when there is nothing to tell the broker. */
  const settle = (paymentId: string, pressed: Button): Promise<StoredPayment | 'unknown' | null> =>
    locks.run(`payment:${paymentId}`, async () => {
      const payment = await store.payment(paymentId);
      if (!payment) return 'unknown';
      if (payment.outcome) return awaitsDelivery(payment.outcome) ? payment : null;
      // Closed by the broker (closePayment): it already knows, there is no event to send.
      if (payment.state !== 'pending') return null;
      let type: MockEventType;
      if (effectiveState(payment, ctx.clock.now()) === 'expired') type = 'payment.expired';
      else if (pressed === 'fail') type = 'payment.failed';
      else if (payment.declines) {
        logger.warn({ fault: 'decline', paymentId, merchantTradeNo: payment.merchantTradeNo }, 'mock fault injected on pay: decline');
        type = 'payment.failed';
      } else type = 'payment.succeeded';
      const dropped = payment.lostWebhook !== undefined;
      const outcome: StoredOutcome = { eventId: newId('evt_'), type, delivered: false, ...(dropped ? { dropped } : {}) };
      const settled: StoredPayment = { ...payment, state: stateAfter(type), outcome };
      await store.putPayment(settled);
      if (!dropped) return settled;
      logger.warn(
        {
          fault: 'lost-webhook',
          source: payment.lostWebhook,
          paymentId,
          merchantTradeNo: payment.merchantTradeNo,
          eventId: outcome.eventId,
          type,
        },
        'mock fault injected: webhook dropped',
      );
      return null;
    });

  const deliver = async (payment: StoredPayment, outcome: StoredOutcome): Promise<PluginHttpResponse> => {
    const rawBody = buildEventBody(outcome.eventId, outcome.type, payment);
    const unixSeconds = Math.floor(ctx.clock.now().getTime() / 1000);
    const sent = await postWebhook({ url: payment.webhookUrl, rawBody, secret: ctx.settings.webhookSecret, unixSeconds });
    const fields = {
      paymentId: payment.paymentId,
      merchantTradeNo: payment.merchantTradeNo,
      eventId: outcome.eventId,
      type: outcome.type,
      url: payment.webhookUrl,
    };
    if (!sent.ok) {
      logger.error({ ...fields, error: sent.error }, 'mock webhook delivery failed');
      return html(
        messagePage(
          'Webhook not delivered',
          `The ${outcome.type} notification could not be delivered to ${payment.webhookUrl}: ${sent.error}. ` +
            'Open the checkout page again to resend it.',
        ),
        502,
      );
    }
    await locks.run(`payment:${payment.paymentId}`, async () => {
      const latest = (await store.payment(payment.paymentId)) ?? payment;
      if (latest.outcome?.eventId === outcome.eventId) await store.putPayment({ ...latest, outcome: { ...outcome, delivered: true } });
    });
    logger.info({ ...fields, status: sent.value }, 'mock webhook delivered');
    return redirect(payment.returnUrl);
  };

  const press = async (paymentId: string, pressed: Button): Promise<PluginHttpResponse> => {
    const inFlight = deliveries.get(paymentId);
    if (inFlight) return inFlight;
    const settled = await settle(paymentId, pressed);
    if (settled === 'unknown') return unknownPayment();
    if (settled === null) {
      const payment = await store.payment(paymentId);
      return payment ? redirect(payment.returnUrl) : unknownPayment();
    }
    const again = deliveries.get(paymentId);
    if (again) return again;
    const outcome = settled.outcome;
    if (!outcome) return redirect(settled.returnUrl);
    const delivery = deliver(settled, outcome).finally(() => deliveries.delete(paymentId));
    deliveries.set(paymentId, delivery);
    return delivery;
  };

  /** A store failure becomes a page, not an exception for the host to guess at. */
  const guarded =
    (operation: string, handle: (paymentId: string) => Promise<PluginHttpResponse>) =>
    async (request: { readonly params: Readonly<Record<string, string>> }): Promise<PluginHttpResponse> => {
      const paymentId = request.params['payment'] ?? '';
      try {
        return await handle(paymentId);
      } catch (cause) {
        logger.error({ operation, paymentId, error: cause instanceof Error ? cause.message : String(cause) }, 'mock checkout route failed');
        return html(messagePage('Mock wallet error', 'The mock wallet could not handle this request; see the broker log.'), 500);
      }
    };

  return [
    {
      method: 'GET',
      path: '/checkout/:payment',
      handle: guarded('checkout page', async (paymentId) => {
        const payment = await store.payment(paymentId);
        if (!payment) return unknownPayment();
        return html(
          checkoutPage({
            payment,
            state: effectiveState(payment, ctx.clock.now()),
            payUrl: ctx.links.route(`${checkoutPath(paymentId)}/pay`),
            failUrl: ctx.links.route(`${checkoutPath(paymentId)}/fail`),
          }),
        );
      }),
    },
    { method: 'POST', path: '/checkout/:payment/pay', handle: guarded('pay', (paymentId) => press(paymentId, 'pay')) },
    { method: 'POST', path: '/checkout/:payment/fail', handle: guarded('fail', (paymentId) => press(paymentId, 'fail')) },
  ];
}
