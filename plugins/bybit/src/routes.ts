import type { PluginHttpRequest, PluginHttpResponse, PluginRoute } from '@mixpay-broker/plugin-api';
import { checkoutPage, isAppLink, isPngDataUrl, messagePage, PAGE_HEADERS } from './checkout-page.js';
import type { BybitRuntime } from './runtime.js';

/*
 * The page this plugin serves under /plugins/<wallet>: Bybit returns an app link and a QR image but
 * no browser checkout page, so `checkout_url` points here.
 */

const respond = (status: number, body: string): PluginHttpResponse => ({
  status,
  contentType: 'text/html; charset=utf-8',
  headers: PAGE_HEADERS,
  body,
});

export function createRoutes(rt: BybitRuntime): PluginRoute[] {
  const { ctx, store } = rt;
  const { logger } = ctx;

  const showCheckout = async (request: PluginHttpRequest): Promise<PluginHttpResponse> => {
    const payId = request.params['payment'] ?? '';
    try {
      const payment = await store.payment(payId);
      if (!payment) return respond(404, messagePage('Unknown payment', 'There is no Bybit Pay payment with this id.'));
      if (!isPngDataUrl(payment.qrContent)) logger.warn({ payId }, 'stored Bybit QR is not a PNG data URL: not shown');
      if (payment.checkoutLink !== '' && !isAppLink(payment.checkoutLink))
        logger.warn({ payId }, 'stored Bybit app link has an unexpected scheme: not shown');
      return respond(200, checkoutPage(payment, ctx.clock.now()));
    } catch (cause) {
      logger.error({ payId, error: cause instanceof Error ? cause.message : String(cause) }, 'Bybit checkout page failed');
      return respond(500, messagePage('Bybit Pay error', 'This page could not be shown; see the broker log.'));
    }
  };

  return [{ method: 'GET', path: '/checkout/:payment', handle: showCheckout }];
}
