import {
  err,
  isFreshMs,
  ok,
  verifyRsaSha256,
  type PluginContext,
  type Result,
  type WebhookAccepted,
  type WebhookRejection,
  type WebhookRequest,
} from '@mixpay-broker/plugin-api';
import type { CertificateCache } from './certificates.js';
import type { BinanceSettings } from './settings.js';
import { HEADER, signaturePayload } from './signing.js';
import { parseNotification, WEBHOOK_ACK } from './transformers.js';

/*
 * Binance Pay webhook verification, in this order, before anything of the body is read:
 *  1. the four BinancePay-* headers are present;
 *  2. RSA-SHA256 (PKCS#1 v1.5) over `ts\nnonce\nrawBody\n` with the key whose certSerial is the
 *     Certificate-SN header, base64 signature;
 *  3. the timestamp (ms) is within webhookToleranceSeconds of receipt -> else `stale`;
 *  4. the nonce was never accepted before (ctx.store putIfAbsent `nonce:<nonce>`) -> else `stale`.
 *     A replay carries a genuine signature, so it is the same class as an old delivery: `stale`
 *     names a genuine-but-not-now message, `bad_signature` one Binance never signed.
 * Only then is the body parsed.
 */

const REQUIRED = [HEADER.timestamp, HEADER.nonce, HEADER.signature, HEADER.certificateSn] as const;

const rejectWith = (reason: WebhookRejection['reason'], message: string) => err<WebhookRejection>({ reason, message });

export function createWebhookVerifier(ctx: PluginContext<BinanceSettings>, certificates: CertificateCache) {
  const { logger, settings } = ctx;

  return async function verifyWebhook(request: WebhookRequest): Promise<Result<WebhookAccepted, WebhookRejection>> {
    const values: string[] = [];
    for (const name of REQUIRED) {
      const value = request.headers[name.toLowerCase()];
      if (value === undefined || value === '') return rejectWith('bad_signature', `missing ${name} header`);
      values.push(value);
    }
    const [timestamp, nonce, signature, serial] = values as [string, string, string, string];
    if (!/^\d{1,16}$/.test(timestamp)) return rejectWith('bad_signature', `${HEADER.timestamp} is not a time in milliseconds`);
    if (nonce.length > 128) return rejectWith('bad_signature', `${HEADER.nonce} is too long`);

    const key = await certificates.keyFor(serial);
    if (!key.ok) {
      logger.warn({ certificate_sn: serial, problem: key.error }, 'Binance Pay webhook key not available');
      return rejectWith('bad_signature', key.error);
    }
    if (!verifyRsaSha256(key.value, signaturePayload(timestamp, nonce, request.rawBody), signature)) {
      return rejectWith('bad_signature', 'signature does not match the body');
    }

    const signedAt = Number(timestamp);
    if (!isFreshMs(signedAt, request.receivedAt, settings.webhookToleranceSeconds)) {
      return rejectWith('stale', `timestamp ${timestamp} is outside ${settings.webhookToleranceSeconds}s of now`);
    }
    // A store failure throws: the host answers 500 and Binance delivers again.
    const firstUse = await ctx.store.putIfAbsent(`nonce:${nonce}`, { timestamp, receivedAt: request.receivedAt.toISOString() });
    if (!firstUse) {
      logger.warn({ nonce, timestamp }, 'Binance Pay webhook nonce seen before: replay refused');
      return rejectWith('stale', `nonce ${nonce} was already used (replayed delivery)`);
    }

    const event = parseNotification(request.rawBody, new Date(signedAt));
    if (!event.ok) return rejectWith('malformed', event.error);
    return ok({ event: event.value, ack: WEBHOOK_ACK });
  };
}
