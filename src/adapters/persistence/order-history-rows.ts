import type { Order } from '../../domain/order/order.js';

/*
 * The pending transitions of orders written in one statement, as the history rows that statement
 * appends (order-inserts.ts, order-updates.ts): VALUES rows and a CTE that inserts those of the
 * orders the statement actually wrote, in the order they were made.
 */

const MOVE_VALUES = '(?::int, ?::uuid, ?::text, ?::text, ?::text, ?::timestamptz)';

/** The parameters of every pending transition of `orders`, and how many there are. */
export function pendingMoves(orders: readonly Order[]): { readonly params: unknown[]; readonly count: number } {
  const params: unknown[] = [];
  let count = 0;
  for (const order of orders)
    for (const m of order.peekPendingTransitions()) params.push(count++, order.traceId, m.from, m.to, m.cause, m.at);
  return { params, count };
}

/** `h as (insert into order_transitions …)` for the rows whose trace id the CTE `written` returned; '' for none. */
export function historyCte(count: number, written: string): string {
  if (count === 0) return '';
  return `h as (insert into order_transitions (trace_id, from_status, to_status, cause, at)
      select m.trace_id, m.f, m.t, m.c, m.a
        from (values ${Array.from({ length: count }, () => MOVE_VALUES).join(', ')}) as m (n, trace_id, f, t, c, a)
        join ${written} on ${written}.trace_id = m.trace_id
       order by m.n
      returning id)`;
}
