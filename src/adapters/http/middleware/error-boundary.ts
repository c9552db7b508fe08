import type { Middleware } from 'koa';
import { MIXPAY_CODES, parameterError, unavailable } from '../../../application/mixpay-error.js';
import { failure } from '../mixpay/envelope.js';
import type { RequestState } from './request-context.js';

/**
 * Turns anything thrown into an answer without a stack trace. MixPay's routes always answer
 * HTTP 200 with the protocol envelope; other routes answer a status and a short JSON error.
 */
export function errorBoundary(): Middleware<RequestState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      const err = e as { status?: number; statusCode?: number; expose?: boolean; message?: string; type?: string };
      const status = err.status ?? err.statusCode ?? 500;
      if (status >= 500) ctx.state.log.error({ err: e }, 'request failed');
      else ctx.state.log.warn({ status, problem: err.message }, 'request refused');

      if (ctx.path.startsWith('/mixpay/')) {
        ctx.status = 200;
        ctx.body = failure(status >= 500 ? unavailable() : clientProblem(status, err.type));
        return;
      }
      ctx.status = status >= 500 ? 500 : status;
      ctx.body = { error: status >= 500 ? 'internal error' : status === 413 ? 'request body too large' : 'bad request' };
    }
  };
}

function clientProblem(status: number, type: string | undefined) {
  if (status === 413) return parameterError('body', 'is larger than 1 MB');
  if (status === 415) return parameterError('body', 'must be JSON, urlencoded or multipart form data');
  if (type === 'multipart.file') return parameterError('body', 'must not contain file uploads');
  if (type === 'entity.parse.failed' || type === 'entity.verify.failed') return parameterError('body', 'is not valid JSON (an object is expected)');
  return { code: MIXPAY_CODES.parameter, message: 'Parameter error: the request body could not be read.' };
}
