import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../../../domain/ports/logger.port.js';
import { logContext } from '../../logging/log-context.js';
import type { AccessLog } from '../../logging/pino-logger.js';

export interface RequestState {
  requestId: string;
  log: Logger;
  /** The caller's address (see client-address.ts): the socket's peer, or what trusted proxies forwarded. */
  clientIp: string;
}

/** A caller's X-Request-Id is kept when it looks like an id. */
export const SANE_REQUEST_ID = /^[\w.-]{1,64}$/;

/** Gives every request an id (the caller's X-Request-Id when sane), a log context carrying it, and an access line. */
export function requestContext(logger: Logger, access: AccessLog): Middleware<RequestState> {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id');
    const requestId = SANE_REQUEST_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger; // request_id (and later trace_id, wallet) come from the log context
    ctx.set('x-request-id', requestId);
    const started = process.hrtime.bigint();
    try {
      await logContext.run({ request_id: requestId }, next);
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      access.request(requestId, ctx.method, ctx.path, ctx.status, Math.round(ms * 10) / 10);
    }
  };
}
