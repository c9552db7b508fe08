import {
  createHttpClient,
  err,
  ok,
  parseJsonExact,
  z,
  type Clock,
  type HttpClient,
  type Logger,
  type Result,
  type WalletFailure,
} from '@mixpay-broker/plugin-api';
import { failureFor, failureForHttp, invalidResponse, RET_CODE } from './errors.js';
import type { BybitSettings } from './settings.js';
import { queryString, signedHeaders } from './signing.js';

/*
 * Signed calls to Bybit Pay and the reading of its envelope `{retCode, retMsg, result}`.
 * Answers are parsed with parseJsonExact, so every number (retCode, amounts, times) is the exact
 * text Bybit wrote. A failure names Bybit's code in `providerCode`, which is how the flows
 * recognise the codes they recover from.
 */

export interface CallOptions {
  /**
   * Only for calls that are safe to repeat (retried after a network error, a timeout, HTTP 429 or 5xx):
   * pay_result, create_pay (keyed by merchantTradeNo), refund (keyed by merchantRefundNo).
   */
  readonly retry: boolean;
}

export interface BybitClient {
  post(
    operation: string,
    path: string,
    body: Readonly<Record<string, unknown>>,
    options: CallOptions,
  ): Promise<Result<unknown, WalletFailure>>;
  get(
    operation: string,
    path: string,
    params: ReadonlyArray<readonly [string, string]>,
    options: CallOptions,
  ): Promise<Result<unknown, WalletFailure>>;
}

const envelopeSchema = z.object({
  retCode: z.string(),
  retMsg: z.string().optional(),
  result: z.unknown(),
});

export function createBybitClient(settings: BybitSettings, logger: Logger, clock: Clock): BybitClient {
  const http: HttpClient = createHttpClient({ baseUrl: settings.baseUrl, timeoutMs: settings.requestTimeoutMs, logger });

  const send = async (
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    payload: string,
    options: CallOptions,
  ): Promise<Result<unknown, WalletFailure>> => {
    // Signed per attempt: a retry resent with the first X-BAPI-TIMESTAMP may be outside the receive window.
    const headers = () => signedHeaders(settings, clock.now().getTime(), payload);
    const answer = await http.request({ method, path, headers, body: method === 'POST' ? payload : undefined, retry: options.retry });
    if (!answer.ok) {
      const { kind, message } = answer.error;
      // Outages are debug here: the host reports them once per incident, not once per call.
      logger.debug({ operation, failure: kind, problem: message }, `Bybit Pay ${operation} got no answer`);
      return err({
        reason: kind === 'timeout' ? 'timeout' : 'unavailable',
        retryable: true,
        message: `Bybit Pay ${operation}: ${kind === 'timeout' ? `no answer within ${settings.requestTimeoutMs} ms` : message}`,
      });
    }
    const { status, body } = answer.value;
    const envelope = envelopeSchema.safeParse(parseJsonExact(body));
    if (!envelope.success) {
      const failure =
        status >= 200 && status < 300 ? invalidResponse(`${operation} answer is not a Bybit envelope`) : failureForHttp(status);
      const level = failure.reason === 'unavailable' || failure.reason === 'timeout' ? 'debug' : 'warn';
      logger[level]({ operation, http_status: status, reason: failure.reason }, `Bybit Pay ${operation} answer not understood`);
      return err(failure);
    }
    const { retCode, retMsg = '', result } = envelope.data;
    if (retCode !== RET_CODE.success) {
      const failure = failureFor(retCode, retMsg);
      logger.warn(
        { operation, http_status: status, ret_code: retCode, ret_msg: retMsg, retryable: failure.retryable },
        `Bybit Pay ${operation} refused`,
      );
      return err(failure);
    }
    return ok(result);
  };

  return {
    post: (operation, path, body, options) => send(operation, 'POST', path, JSON.stringify(body), options),
    get: (operation, path, params, options) => {
      const query = queryString(params);
      return send(operation, 'GET', `${path}?${query.sent}`, query.signed, options);
    },
  };
}
