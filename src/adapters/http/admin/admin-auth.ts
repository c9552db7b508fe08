import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { RequestState } from '../middleware/request-context.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer-token check for the admin API, in constant time. */
export function adminAuth(token: string): Middleware<RequestState> {
  const expected = digest(token);
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
    if (given === null || !timingSafeEqual(digest(given), expected)) {
      ctx.status = 401;
      ctx.set('www-authenticate', 'Bearer');
      ctx.body = { error: 'unauthorized' };
      return;
    }
    await next();
  };
}
