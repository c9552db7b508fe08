import { ResponseError } from '@mixin.dev/mixin-node-sdk';

/** Mixin's error codes the treasury reacts to (developers.mixin.one, api/error-codes). */
export const MIXIN_CODES = {
  notFound: 404,
  unauthorized: 401,
  rateLimited: 429,
  serverError: 500,
  invalidField: 10002,
  lockedByAnotherTransaction: 10105,
  insufficientBalance: 20117,
  invalidReceivers: 20150,
} as const;

/** Codes worth trying again with the same request id; everything else needs a person. */
const RETRYABLE_CODES = new Set<number>([MIXIN_CODES.rateLimited, MIXIN_CODES.serverError, MIXIN_CODES.lockedByAnotherTransaction]);

/** A Mixin code (a number), or what went wrong on our side of the wire. */
export type MixinErrorCode =
  | number
  | 'network'
  | 'timeout'
  | 'invalid_request'
  | 'invalid_amount'
  | 'invalid_memo'
  | 'invalid_opponent'
  | 'outputs_pending'
  | 'too_many_inputs'
  | 'request_mismatch'
  | 'unexpected_state'
  | 'bad_response'
  | 'internal';

/**
 * A failed call to Mixin, stripped down to what may be logged: the SDK's and axios's errors carry
 * the request config, whose Authorization header is a live JWT, so they are never kept as `cause`.
 */
export class MixinApiError extends Error {
  constructor(
    message: string,
    readonly code: MixinErrorCode,
    readonly retryable: boolean,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A transfer that did not happen (or whose outcome is unknown). `retryable` says whether the same
 * request may simply be tried again: always safe, since the request id makes a repeat idempotent.
 */
export class TransferError extends MixinApiError {}

interface AxiosLike {
  isAxiosError: true;
  code?: string;
  response?: { status: number; data?: { error?: { code?: number; description?: string } } };
}

function isAxiosLike(e: unknown): e is AxiosLike {
  return typeof e === 'object' && e !== null && (e as { isAxiosError?: unknown }).isAxiosError === true;
}

/** Mixin's "no such thing": an HTTP-202 error body with code 404, or a plain HTTP 404. */
export function isMixinNotFound(e: unknown): boolean {
  if (e instanceof ResponseError) return e.code === MIXIN_CODES.notFound;
  if (isAxiosLike(e)) return e.response?.status === 404 || e.response?.data?.error?.code === MIXIN_CODES.notFound;
  return false;
}

type ErrorClass<E extends MixinApiError> = new (message: string, code: MixinErrorCode, retryable: boolean, httpStatus?: number | null) => E;

/** Maps whatever the SDK threw to a loggable error of class `Kind`, deciding whether a retry may help. */
export function toMixinError<E extends MixinApiError>(e: unknown, Kind: ErrorClass<E>, doing: string): E {
  if (e instanceof Kind) return e;
  if (e instanceof MixinApiError) return new Kind(e.message, e.code, e.retryable, e.httpStatus);
  if (e instanceof ResponseError) {
    // Mixin answers errors with HTTP 202 and {error: {status, code, description}}.
    const retryable = RETRYABLE_CODES.has(e.code) || (e.code >= 500 && e.code < 600);
    return new Kind(`${doing}: Mixin error ${e.code} (${e.description})`, e.code, retryable, e.status ?? null);
  }
  if (isAxiosLike(e)) {
    const res = e.response;
    if (!res) {
      const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT';
      // No answer: the request may or may not have reached Mixin. Retrying with the same request
      // id is how to find out, so it is always retryable.
      return new Kind(
        `${doing}: ${timedOut ? 'timed out' : `network error ${e.code ?? ''}`.trim()}`,
        timedOut ? 'timeout' : 'network',
        true,
      );
    }
    const code = res.data?.error?.code ?? res.status;
    const retryable = res.status >= 500 || res.status === 429 || RETRYABLE_CODES.has(code);
    return new Kind(`${doing}: HTTP ${res.status} from Mixin (code ${code})`, code, retryable, res.status);
  }
  const message = e instanceof Error ? e.message : String(e);
  // Our own errors that say a retry can succeed (the pool's PoolClaimLost: a claim was taken over) stay retryable.
  return new Kind(`${doing}: ${message}`, 'internal', (e as { retryable?: unknown } | null)?.retryable === true);
}

/** Runs one SDK call, turning its failure into a loggable `Kind`. */
export async function mixinCall<T, E extends MixinApiError>(doing: string, Kind: ErrorClass<E>, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toMixinError(e, Kind, doing);
  }
}
