import { err, ok, type Result } from '@mixpay-broker/plugin-api';
import { SIGNATURE_HEADER, signMockWebhook } from './transformers.js';

/** Long enough for a busy local broker, short enough that the payer's browser is not left hanging. */
const DELIVERY_TIMEOUT_MS = 10_000;

export interface Delivery {
  readonly url: string;
  readonly rawBody: string;
  readonly secret: string;
  readonly unixSeconds: number;
}

/** POSTs one signed notification over real HTTP; ok(status) on 2xx, else why not. */
export async function postWebhook(delivery: Delivery): Promise<Result<number, string>> {
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signMockWebhook(delivery.secret, delivery.rawBody, delivery.unixSeconds),
      },
      body: delivery.rawBody,
      // A webhook endpoint that redirects is misconfigured; following it would re-send the body elsewhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    // Read the body so the connection is released, and keep a little of it for the log.
    const answer = (await response.text()).slice(0, 200);
    if (response.status < 200 || response.status > 299) return err(`webhook answered ${response.status}: ${answer}`);
    return ok(response.status);
  } catch (cause) {
    // fetch reports "fetch failed" and hides the reason (ECONNREFUSED, timeout) in `cause`.
    const inner = cause instanceof Error && cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    const message = cause instanceof Error ? `${cause.message}${inner}` : String(cause);
    return err(`webhook POST failed: ${message}`);
  }
}
