import type { Middleware } from 'koa';
import { z } from 'zod';
import { INCOMING_OUTCOMES, type IncomingOutcome, type IncomingTransferLog } from '../../../domain/ports/incoming-transfer-log.port.js';
import type { RequestState } from '../middleware/request-context.js';
import { readQuery } from './admin-query.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

const LIST = 'incoming';
/** What needs an operator: the default list. */
const NEEDS_OPERATOR: IncomingOutcome[] = ['unmatched', 'mismatch'];
/** 200 was the size of the one page this list had before it had cursors. */
const PAGE = { default: 200, max: 500 } as const;

export const INCOMING_QUERY = z
  .object({
    outcome: z
      .string()
      .transform((text, ctx) => {
        const asked = text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const unknown = asked.filter((o) => !(INCOMING_OUTCOMES as readonly string[]).includes(o));
        if (unknown.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown outcome ${unknown.map((o) => `"${o}"`).join(', ')} (known: ${INCOMING_OUTCOMES.join(', ')})`,
          });
          return z.NEVER;
        }
        return INCOMING_OUTCOMES.filter((o) => asked.includes(o));
      })
      .optional()
      .meta({ description: `Comma-separated outcomes (${INCOMING_OUTCOMES.join(', ')}); default "unmatched,mismatch".` }),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${PAGE.max}`)
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1').max(PAGE.max, `must be at most ${PAGE.max}`))
      .optional(),
    cursor: z.string().optional(),
  })
  .strict();

/**
 * `GET /admin/incoming?outcome=unmatched,mismatch&limit=&cursor=`: incoming transfers by outcome,
 * newest first. The body stays the plain array it always was; the cursor of the next page, when
 * there is one, comes in the `X-Next-Cursor` header (pass it back as `cursor`).
 */
export function incomingRoute(log: IncomingTransferLog): Middleware<RequestState> {
  return async (ctx) => {
    const read = readQuery(INCOMING_QUERY, ctx.query, ['outcome']);
    const after = read.ok && read.value.cursor !== undefined ? decodeCursor(LIST, read.value.cursor) : null;
    if (!read.ok || (read.value.cursor !== undefined && after === null)) {
      ctx.status = 400;
      ctx.body = { error: read.ok ? 'cursor: not a cursor of this list (pass back X-Next-Cursor as it was given)' : read.error };
      return;
    }
    const page = await log.list(
      read.value.outcome ?? NEEDS_OPERATOR,
      read.value.limit ?? PAGE.default,
      after && { at: after.at, snapshotId: after.id },
    );
    if (page.next) ctx.set('x-next-cursor', encodeCursor(LIST, { at: page.next.at, id: page.next.snapshotId }));
    ctx.body = page.transfers.map((r) => ({
      snapshot_id: r.transfer.snapshotId,
      asset_id: r.transfer.assetId,
      amount: r.transfer.amount.toString(),
      opponent_id: r.transfer.opponentId,
      memo: r.transfer.memo,
      created_at: r.transfer.createdAt.toISOString(),
      outcome: r.outcome,
      trace_id: r.traceId,
      refund_code: r.refundCode,
    }));
  };
}
