import Router from '@koa/router';
import type { HandleWalletEvent } from '../../application/orders/handle-wallet-event.use-case.js';
import type { BrokerMetrics } from '../../domain/ports/broker-metrics.port.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { WalletRegistry } from '../../domain/ports/wallet-registry.port.js';
import { normalizeUuid } from '../../domain/shared/uuid.js';
import { logContext } from '../logging/log-context.js';
import { readRawBody } from './body.js';
import type { RequestState } from './middleware/request-context.js';

export interface WebhookRouteDeps {
  readonly wallets: WalletRegistry;
  readonly handleWalletEvent: HandleWalletEvent;
  readonly clock: Clock;
  readonly metrics: Pick<BrokerMetrics, 'webhookReceived'>;
}

/**
 * `POST /webhooks/<wallet>`: the raw body and headers go to that wallet's plugin, which verifies
 * signature and freshness first. Only a verified event reaches the core; the provider's expected
 * acknowledgement is sent only after the event is stored.
 */
export function webhookRoutes(deps: WebhookRouteDeps): Router<RequestState> {
  const router = new Router<RequestState>();

  router.post('/webhooks/:wallet', async (ctx) => {
    const walletId = ctx.params.wallet!;
    const wallet = deps.wallets.serving(walletId);
    if (!wallet) {
      deps.metrics.webhookReceived(walletId, 'refused');
      ctx.status = 404;
      ctx.body = { error: 'unknown wallet' };
      return;
    }
    logContext.add({ wallet: walletId });
    const log = ctx.state.log;
    const rawBody = await readRawBody(ctx.req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;

    const verified = await wallet.provider.verifyWebhook({ rawBody, headers, receivedAt: deps.clock.now() });
    if (!verified.ok) {
      // A forged or stale webhook is worth a line each; an outage is reported once by the plugin host.
      log[verified.error.reason === 'unavailable' ? 'debug' : 'warn'](
        { reason: verified.error.reason, problem: verified.error.message },
        'webhook rejected',
      );
      // unavailable: the plugin could not check (its key server or store is down); the provider retries.
      ctx.status = { malformed: 400, unavailable: 503, bad_signature: 401, stale: 401 }[verified.error.reason];
      deps.metrics.webhookReceived(walletId, 'refused');
      ctx.body = { error: verified.error.reason };
      return;
    }
    const { event, ack } = verified.value;
    let outcome = 'accepted' as 'accepted' | 'duplicate';
    if (event) {
      logContext.add({ trace_id: normalizeUuid(event.merchantTradeNo), event_id: event.eventId });
      if ((await deps.handleWalletEvent.execute(walletId, event)) === 'duplicate') outcome = 'duplicate';
    }
    deps.metrics.webhookReceived(walletId, outcome);
    ctx.status = ack.status;
    ctx.type = ack.contentType;
    ctx.body = ack.body;
  });

  return router;
}
