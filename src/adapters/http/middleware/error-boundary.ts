import type { Context, Middleware } from 'koa';
import { MIXPAY_CODES, parameterError, unavailable } from '../../../application/orders/mixpay-error.js';
import { incidentsOf } from '../../logging/incident-log.js';
import { databaseProblem, isDatabaseUnavailable } from '../../persistence/database.js';
import { failure } from '../mixpay/envelope.js';
import { isUnder } from '../security/canonical-path.js';
import type { RequestState } from './request-context.js';

/** nginx's "client closed request": nothing is sent, the code is for the access line. */
export const CLIENT_CLOSED = 499;

/**
 * Turns anything thrown into an answer without a stack trace. MixPay's routes always answer
 * HTTP 200 with the protocol envelope; other routes answer a status and a short JSON error.
 * Expected faults are not errors: a client that hung up is one warn line, the database away is
 * one warn line per outage (see IncidentLog); only the unexpected is logged with its stack.
 */
export function errorBoundary(): Middleware<RequestState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      const err = e as { status?: number; statusCode?: number; expose?: boolean; message?: string; type?: string };
      if (clientHungUp(ctx, e)) {
        ctx.state.log.warn({ problem: err.message }, 'client closed the request');
        ctx.status = CLIENT_CLOSED;
        return;
      }
      const databaseAway = isDatabaseUnavailable(e);
      const status = databaseAway ? 503 : (err.status ?? err.statusCode ?? 500);
      if (databaseAway) {
        incidentsOf(ctx.state.log).failing(
          'database',
          'database unavailable',
          { problem: databaseProblem(e), noticed_by: `${ctx.method} ${ctx.path}` },
          { signature: 'database' },
        );
      } else if (status >= 500) ctx.state.log.error({ err: e }, 'request failed');
      else ctx.state.log.warn({ status, problem: err.message }, 'request refused');

      if (isUnder(ctx.path, '/mixpay')) {
        ctx.status = 200;
        ctx.body = failure(status >= 500 ? unavailable() : clientProblem(status, err.type));
        return;
      }
      ctx.status = status === 503 ? 503 : status >= 500 ? 500 : status;
      ctx.body = {
        error:
          status === 503
            ? 'service unavailable'
            : status >= 500
              ? 'internal error'
              : status === 413
                ? 'request body too large'
                : 'bad request',
      };
    }
  };
}

/** The request stream broke because the client went away (Node's "aborted", raw-body's request.aborted). */
function clientHungUp(ctx: Context, e: unknown): boolean {
  const err = e as { code?: string; message?: string; type?: string };
  if (err.type === 'request.aborted') return true;
  if (err.code === 'ECONNRESET' && err.message === 'aborted') return true;
  return ctx.req.destroyed && !ctx.res.headersSent && ctx.req.socket.destroyed;
}

function clientProblem(status: number, type: string | undefined) {
  if (status === 413) return parameterError('body', 'is larger than 1 MB');
  if (status === 415) return parameterError('body', 'must be JSON, urlencoded or multipart form data');
  if (type === 'multipart.file') return parameterError('body', 'must not contain file uploads');
  if (type === 'entity.parse.failed' || type === 'entity.verify.failed')
    return parameterError('body', 'is not valid JSON (an object is expected)');
  return { code: MIXPAY_CODES.parameter, message: 'Parameter error: the request body could not be read.' };
}
