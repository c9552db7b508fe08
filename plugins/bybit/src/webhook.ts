import {
  err,
  isFresh,
  ok,
  verifyRsaSha256,
  type Result,
  type WebhookAccepted,
  type WebhookRejection,
  type WebhookRequest,
} from '@mixpay-broker/plugin-api';
import type { BybitRuntime } from './runtime.js';
import { parseNotification, WEBHOOK_ACK } from './transformers.js';

/*
 * Bybit Pay's notifications are signed with Bybit's platform key (payment-notify.mdx, as corrected in 2025):
 *   header timestamp   Unix seconds, 10 digits
 *   header signature   base64 RSA PKCS#1 v1.5 SHA-256 over `timestamp + rawBody` (no separator)
 * The order of checks: signature (so "stale" only ever describes a genuine delivery), freshness,
 * the body, and last the replay guard, so that only a delivery the broker will act on uses up its
 * signature. The answer Bybit expects is HTTP 200 with the text `success`.
 */

const TIMESTAMP = /^\d{10}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function createWebhookVerifier(rt: BybitRuntime): (request: WebhookRequest) => Promise<Result<WebhookAccepted, WebhookRejection>> {
  const { ctx, store } = rt;
  const { logger, settings } = ctx;

  return async (request) => {
    const timestamp = request.headers['timestamp'];
    const signature = request.headers['signature'];
    if (!timestamp || !signature) return err({ reason: 'bad_signature', message: 'missing timestamp or signature header' });
    if (!TIMESTAMP.test(timestamp)) return err({ reason: 'bad_signature', message: 'timestamp header is not 10-digit Unix seconds' });
    if (!BASE64.test(signature)) return err({ reason: 'bad_signature', message: 'signature header is not base64' });
    if (!verifyRsaSha256(settings.platformPublicKey, `${timestamp}${request.rawBody}`, signature)) {
      return err({ reason: 'bad_signature', message: "signature does not verify with Bybit's platform public key" });
    }
    const seconds = Number(timestamp);
    if (!isFresh(seconds, request.receivedAt, settings.webhookToleranceSeconds)) {
      return err({ reason: 'stale', message: `timestamp ${timestamp} is outside ${settings.webhookToleranceSeconds}s of now` });
    }
    const event = parseNotification(request.rawBody, new Date(seconds * 1000));
    if (!event.ok) return err({ reason: 'malformed', message: event.error });
    if (!(await store.firstSightOf(signature, request.receivedAt))) {
      logger.warn({ timestamp, eventId: event.value?.eventId }, 'Bybit Pay notification replayed: refused');
      return err({ reason: 'stale', message: 'this signed notification was already received (replay)' });
    }
    if (event.value === null) logger.info({ timestamp }, 'Bybit Pay notification of no use to the broker: acknowledged and ignored');
    return ok({ event: event.value, ack: WEBHOOK_ACK });
  };
}
