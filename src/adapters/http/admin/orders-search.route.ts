import type { Middleware } from 'koa';
import { z } from 'zod';
import { ORDER_PAGE_SIZE, type SearchOrders } from '../../../application/operations/search-orders.query.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../domain/order/order-status.js';
import { normalizeUuid } from '../../../domain/shared/uuid.js';
import type { RequestState } from '../middleware/request-context.js';
import { readQuery } from './admin-query.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

const LIST = 'orders';
const UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;

const uuid = (name: string) => z.string().regex(UUID, `${name} must be a UUID`).transform(normalizeUuid);

/** ISO 8601 with a zone (`2025-01-31T12:00:00Z`, `…+08:00`), or a date alone, read as UTC midnight. */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 time with a zone, or a date (2025-01-31)' })
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s));

const statuses = z.string().transform((text, ctx) => {
  const asked = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = asked.filter((s) => !(ORDER_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown status ${unknown.map((s) => `"${s}"`).join(', ')} (known: ${ORDER_STATUSES.join(', ')})`,
    });
    return z.NEVER;
  }
  return [...new Set(asked)] as OrderStatus[];
});

export const ORDER_QUERY = z
  .object({
    status: statuses.optional(),
    wallet: z
      .string()
      .regex(/^[a-z0-9_-]{1,20}$/, 'must be a wallet identifier (1-20 of a-z 0-9 _ -)')
      .optional(),
    asset_id: uuid('asset_id').optional(),
    payee_id: uuid('payee_id').optional(),
    from: instant.optional(),
    to: instant.optional(),
    q: z
      .string()
      .trim()
      .min(3, 'must be at least 3 characters (part of a trace id, or a payment id)')
      .max(128, 'must be at most 128 characters')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${ORDER_PAGE_SIZE.max}`)
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1').max(ORDER_PAGE_SIZE.max, `must be at most ${ORDER_PAGE_SIZE.max}`))
      .optional(),
    cursor: z.string().optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be before to', path: ['from'] });

/**
 * `GET /admin/orders?status=a,b&wallet=&asset_id=&payee_id=&from=&to=&q=&limit=&cursor=`: the
 * orders that match every filter given, newest first, one page at a time. `next_cursor` (opaque)
 * asks for the next page with the same filters; null on the last one.
 */
export function ordersSearchRoute(search: SearchOrders): Middleware<RequestState> {
  return async (ctx) => {
    const read = readQuery(ORDER_QUERY, ctx.query, ['status']);
    const decoded = read.ok && read.value.cursor !== undefined ? decodeCursor(LIST, read.value.cursor) : null;
    const after = decoded && UUID.test(decoded.id) ? decoded : null;
    if (!read.ok || (read.value.cursor !== undefined && after === null)) {
      ctx.status = 400;
      ctx.body = { error: read.ok ? 'cursor: not a cursor of this list (pass back next_cursor as it was given)' : read.error };
      return;
    }
    const f = read.value;
    const page = await search.execute(
      {
        statuses: f.status ?? [],
        wallet: f.wallet ?? null,
        assetId: f.asset_id ?? null,
        payeeId: f.payee_id ?? null,
        from: f.from ?? null,
        to: f.to ?? null,
        q: f.q ?? null,
      },
      f.limit ?? ORDER_PAGE_SIZE.default,
      after && { createdAt: after.at, traceId: after.id },
    );
    ctx.body = { orders: page.orders, next_cursor: page.next && encodeCursor(LIST, { at: page.next.createdAt, id: page.next.traceId }) };
  };
}
