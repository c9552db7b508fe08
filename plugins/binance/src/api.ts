import {
  createHttpClient,
  err,
  ok,
  parseJsonExact,
  z,
  type Clock,
  type Logger,
  type Result,
  type WalletFailure,
} from '@mixpay-broker/plugin-api';
import { CODE, failureForCode, failureForHttp, failureForStatus } from './errors.js';
import type { BinanceSettings } from './settings.js';
import { signedHeaders } from './signing.js';

/*
 * One signed POST to the Binance Pay merchant API. Every answer has the envelope
 * {status: "SUCCESS"|"FAIL", code, data, errorMessage}; the body is read whatever the HTTP status,
 * and parsed with parseJsonExact so long ids and amounts keep every digit (numbers arrive as text).
 */

export const PATH = {
  createOrder: '/binancepay/openapi/v3/order',
  queryOrder: '/binancepay/openapi/v2/order/query',
  closeOrder: '/binancepay/openapi/order/close',
  refund: '/binancepay/openapi/order/refund',
  certificates: '/binancepay/openapi/certificates',
} as const;

export interface CallOptions {
  /**
   * Only for calls that are safe to repeat (retried after a network error, a timeout, HTTP 429 or 5xx,
   * each attempt signed afresh): queries, close, certificates, creates (keyed by merchantTradeNo),
   * refunds (keyed by refundRequestId).
   */
  readonly retry: boolean;
}

export interface BinanceApi {
  /** The envelope's `data` on success; a failure already logged with Binance's code. */
  call(path: string, payload: unknown, options: CallOptions): Promise<Result<unknown, WalletFailure>>;
}

const envelopeSchema = z.object({
  status: z.string(),
  code: z.string(),
  data: z.unknown().optional(),
  errorMessage: z.string().nullish(),
});

export function createBinanceApi(settings: BinanceSettings, logger: Logger, clock: Clock): BinanceApi {
  const http = createHttpClient({ baseUrl: settings.baseUrl, timeoutMs: settings.requestTimeoutMs, logger });

  return {
    async call(path, payload, options) {
      const body = JSON.stringify(payload); // serialised once: these exact characters are signed and sent
      // Signed per attempt: Binance refuses a timestamp about a second old, and a nonce it has seen.
      const headers = () => signedHeaders(settings, body, clock.now().getTime());
      const sent = await http.request({ method: 'POST', path, headers, body, retry: options.retry });
      if (!sent.ok) return err(failureForHttp(sent.error)); // the HTTP client has logged it

      const { status: httpStatus, body: text } = sent.value;
      const envelope = envelopeSchema.safeParse(parseJsonExact(text));
      if (!envelope.success) {
        // A 5xx page is an outage, which the host reports once per incident.
        logger[httpStatus >= 500 ? 'debug' : 'warn']({ path, http_status: httpStatus }, 'Binance Pay answered without its JSON envelope');
        return err(failureForStatus(httpStatus, `Binance Pay answered ${path} without its JSON envelope`));
      }
      const { status, code, data, errorMessage } = envelope.data;
      if (status === 'SUCCESS' && code === CODE.success) return ok(data);

      const failure = failureForCode(code, httpStatus, errorMessage ?? '');
      logger[failure.reason === 'unavailable' ? 'debug' : 'warn'](
        { path, http_status: httpStatus, provider_code: code, provider_message: errorMessage ?? '', reason: failure.reason },
        `Binance Pay refused the call with code ${code}`,
      );
      return err(failure);
    },
  };
}

/** Reads a call's `data` with a schema; a mismatch is an invalid response, not a crash. */
export function readData<S extends z.ZodType>(path: string, schema: S, data: unknown): Result<z.output<S>, WalletFailure> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return ok(parsed.data);
  return err({
    reason: 'invalid_response',
    message: `Binance Pay ${path} answer does not fit the documented shape: ${z.prettifyError(parsed.error)}`,
    retryable: false,
  });
}
