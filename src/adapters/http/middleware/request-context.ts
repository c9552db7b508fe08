import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../../../domain/ports/logger.port.js';
import { logContext } from '../../logging/log-context.js';

export interface RequestState {
  requestId: string;
  log: Logger;
  /** The caller's address (see client-address.ts): the socket's peer, or what trusted proxies forwarded. */
  clientIp: string;
}

const SANE_ID = /^[\w.-]{1,64}$/;

/** Gives every request an id (the caller's X-Request-Id when sane), a log context carrying it, and an access line. */
export function requestContext(logger: Logger): Middleware<RequestState> {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id');
    const requestId = SANE_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger; // request_id (and later trace_id, wallet) come from the log context
    ctx.set('x-request-id', requestId);
    const started = process.hrtime.bigint();
    try {
      await logContext.run({ request_id: requestId }, next);
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logContext.run({ request_id: requestId }, () =>
        ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, duration_ms: Math.round(ms * 10) / 10 }, 'request'),
      );
    }
  };
}
