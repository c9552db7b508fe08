import {
  err,
  hmacSha256Hex,
  isFresh,
  ok,
  safeEqual,
  type Result,
  type WebhookAccepted,
  type WebhookRejection,
  type WebhookRequest,
} from '@mixpay-broker/plugin-api';
import type { MockRuntime } from './runtime.js';
import { parseEventBody, parseSignatureHeader, SIGNATURE_HEADER, WEBHOOK_ACK } from './transformers.js';

/*
 * The mock's webhooks, verified as a real provider's would be: the X-Mock-Signature
 * (`t=<unix seconds>,v1=<hex HMAC-SHA256>`) over the raw body first, then freshness, then the body.
 * The mock keeps no record of deliveries: the host's event log de-duplicates a replay by eventId.
 */

export function createWebhookVerifier(rt: MockRuntime): (request: WebhookRequest) => Promise<Result<WebhookAccepted, WebhookRejection>> {
  const { webhookSecret, webhookToleranceSeconds } = rt.ctx.settings;

  return async (request) => {
    const header = request.headers[SIGNATURE_HEADER.toLowerCase()];
    if (header === undefined || header === '') {
      return err({ reason: 'bad_signature', message: `missing ${SIGNATURE_HEADER} header` });
    }
    const signature = parseSignatureHeader(header);
    if (!signature) return err({ reason: 'bad_signature', message: `${SIGNATURE_HEADER} is not t=<unix seconds>,v1=<hex>` });
    // The signature before the clock: "stale" then only ever describes a genuine but old (replayed) delivery.
    const expected = hmacSha256Hex(webhookSecret, `${signature.t}.${request.rawBody}`);
    if (!safeEqual(expected, signature.signature)) {
      return err({ reason: 'bad_signature', message: 'signature does not match the body' });
    }
    if (!isFresh(signature.timestamp, request.receivedAt, webhookToleranceSeconds)) {
      return err({ reason: 'stale', message: `signature timestamp ${signature.timestamp} is outside ${webhookToleranceSeconds}s of now` });
    }
    const event = parseEventBody(request.rawBody, new Date(signature.timestamp * 1000));
    if (!event.ok) return err({ reason: 'malformed', message: event.error });
    return ok({ event: event.value, ack: WEBHOOK_ACK });
  };
}
