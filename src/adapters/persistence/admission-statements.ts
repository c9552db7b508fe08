import type { Order } from '../../domain/order/order.js';
import type { Admission } from '../../domain/ports/order-admission.port.js';
import { insertOrdersStatement } from './order-inserts.js';
import { pgArray } from './raw-sql.js';
import { PAYEE_LOCK_PREFIX } from './reservation-ledger.js';

/*
 * The order admission's common case as two statements sent in one round trip (RawSql.pipeline,
 * one transaction): insert the batch and take its payees' locks; then, under those locks, count
 * each payee's held reservations, reserve the sum of the orders within the bound, and remove what
 * got no reservation. A statement's snapshot is taken when it starts, so the count sees every
 * reservation committed before the locks were granted. "Inserted by this transaction" (xmin) tells a
 * new order from one already stored under the same trace id.
 */

const MINE = 'o.xmin = pg_current_xact_id()::xid';

const DECIDE = `with b as (
    select * from unnest(?::uuid[], ?::numeric[], ?::uuid[], ?::int[]) with ordinality as b(order_ref, amount, payee_id, bound, n)),
  mine as (select b.* from b join orders o on o.trace_id = b.order_ref where ${MINE}),
  ranked as (
    select m.*, row_number() over (partition by m.payee_id order by m.n)
             + (select count(*) from (select 1 from reservations r
                                       where r.state = 'held' and r.payee_id = m.payee_id limit m.bound) h) as nth
      from mine m),
  within as (select * from ranked where nth <= bound),
  total as (select coalesce(sum(amount), 0) as amount, count(*) as n from within),
  taken as (
    update asset_balances set reserved = reserved + total.amount, updated_at = ?
      from total
     where asset_id = ? and total.n > 0 and balance - reserved >= total.amount
    returning asset_id),
  held as (
    insert into reservations (order_ref, asset_id, amount, state, payee_id, created_at, updated_at)
    select w.order_ref, taken.asset_id, w.amount, 'held', w.payee_id, ?, ? from within w, taken
    returning order_ref),
  doomed as (select m.order_ref from mine m where m.order_ref not in (select order_ref from held)),
  -- History and order go in one statement, and the foreign key between them is checked at its end.
  history_removed as (delete from order_transitions t using doomed d where t.trace_id = d.order_ref),
  removed as (delete from orders o using doomed d where o.trace_id = d.order_ref)
  select b.order_ref::text as trace_id,
         case when m.order_ref is null then 'duplicate'
              when w.order_ref is null then 'too_many_open'
              when h.order_ref is not null then 'admitted'
              else 'insufficient_balance' end as outcome
    from b left join mine m using (order_ref) left join within w using (order_ref) left join held h using (order_ref)`;

export interface AdmissionRequest {
  readonly order: Order;
  readonly maxOpenPerPayee: number;
}

/** The two statements for `batch` (distinct trace ids, one asset). */
export function admissionStatements(assetId: string, batch: readonly AdmissionRequest[], now: Date): { text: string; values: unknown[] }[] {
  const orders = batch.map((r) => r.order);
  const traceIds = pgArray(orders.map((o) => o.traceId));
  // Sorted, so two batches that share payees take their locks in one order and cannot deadlock.
  const locks = [...new Set(orders.map((o) => o.terms.payeeId))].sort().map((p) => PAYEE_LOCK_PREFIX + p);
  return [
    insertOrdersStatement(orders, locks),
    {
      text: DECIDE,
      values: [
        traceIds,
        pgArray(orders.map((o) => o.terms.amount.toString())),
        pgArray(orders.map((o) => o.terms.payeeId)),
        pgArray(batch.map((r) => String(r.maxOpenPerPayee))),
        now,
        assetId,
        now,
        now,
      ],
    },
  ];
}

/** Each trace id's outcome, from the rows of the second statement. */
export function admissionOutcomes(rows: readonly unknown[]): Map<string, Admission> {
  return new Map((rows as { trace_id: string; outcome: Admission }[]).map((r) => [r.trace_id, r.outcome]));
}
