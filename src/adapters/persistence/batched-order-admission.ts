import { Amount } from '../../domain/money/amount.js';
import type { Order } from '../../domain/order/order.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { Admission, OrderAdmission } from '../../domain/ports/order-admission.port.js';
import type { DbContext } from './db-context.js';
import type { MikroOrderRepository } from './mikro-order-repository.js';
import { admissionOutcomes, admissionStatements } from './admission-statements.js';
import { pgArray, type SqlSession } from './raw-sql.js';
import { PAYEE_LOCK_PREFIX } from './reservation-ledger.js';

interface Pending {
  readonly order: Order;
  readonly maxOpenPerPayee: number;
  readonly resolve: (a: Admission) => void;
  readonly reject: (e: unknown) => void;
}

/** One statement takes the whole sum (the UPDATE's row lock and check in one step) and records each order's part. */
const RESERVE_ALL = `with taken as (
    update asset_balances set reserved = reserved + ?::numeric, updated_at = ?
     where asset_id = ? and balance - reserved >= ?::numeric
    returning asset_id)
  insert into reservations (order_ref, asset_id, amount, state, payee_id, created_at, updated_at)
  select r.order_ref, taken.asset_id, r.amount, 'held', r.payee_id, ?, ?
    from taken, unnest(?::uuid[], ?::numeric[], ?::uuid[]) as r(order_ref, amount, payee_id)
  returning order_ref`;

/**
 * Application-level group commit for create_order. Orders of one asset that arrive while that asset's
 * previous batch is in flight wait and go together: one transaction, sent in one round trip, inserts
 * them all, takes the payee locks (sorted, so batches cannot deadlock) and counts, reserves their sum
 * in one statement and commits once (admission-statements.ts). The asset's balance row is locked for
 * that statement and the commit, per batch instead of per order. Only a batch whose sum the balance
 * cannot cover takes the slow path, one order at a time. The guarantees are those of one order at a time: the reserved sum never exceeds the balance
 * (the check is in the locking UPDATE, so other processes are covered), and a payee's held reservations
 * never exceed the bound (the same advisory lock as `lockOpenReservations`).
 */
export class BatchedOrderAdmission implements OrderAdmission {
  private readonly queues = new Map<string, Pending[]>();
  private readonly flushing = new Set<string>();

  constructor(
    private readonly db: DbContext,
    private readonly orders: MikroOrderRepository,
    private readonly clock: Clock,
    /** Told after each commit that changed an asset's reservations (the range snapshot listens). */
    private readonly changed: (assetId: string) => void = () => undefined,
    private readonly maxBatch = 256,
  ) {}

  admit(order: Order, maxOpenPerPayee: number): Promise<Admission> {
    const assetId = order.terms.assetId;
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(assetId) ?? [];
      queue.push({ order, maxOpenPerPayee, resolve, reject });
      this.queues.set(assetId, queue);
      if (!this.flushing.has(assetId)) void this.drain(assetId);
    });
  }

  /** No timer: the first order goes at once, and whatever arrives during its commit forms the next batch. */
  private async drain(assetId: string): Promise<void> {
    this.flushing.add(assetId);
    try {
      for (;;) {
        const queue = this.queues.get(assetId);
        if (!queue || queue.length === 0) break;
        const batch = queue.splice(0, this.maxBatch);
        await this.flush(assetId, batch);
      }
    } finally {
      this.flushing.delete(assetId);
      this.queues.delete(assetId);
    }
  }

  private async flush(assetId: string, batch: Pending[]): Promise<void> {
    // The same trace id twice in a batch: the first competes, the others are duplicates of it.
    const seen = new Set<string>();
    const unique: Pending[] = [];
    const repeats: Pending[] = [];
    for (const p of batch) (seen.has(p.order.traceId) ? repeats : unique).push(p);
    for (const p of repeats) p.resolve('duplicate');
    let outcome: Map<string, Admission>;
    try {
      // The common case: one round trip, one transaction (see admission-statements.ts).
      const results = await this.db.raw.pipeline(admissionStatements(assetId, unique, this.clock.now()));
      outcome = admissionOutcomes(results[1] ?? []);
    } catch (e) {
      for (const p of unique) p.reject(e);
      return;
    }
    const admitted = unique.filter((p) => outcome.get(p.order.traceId) === 'admitted');
    for (const p of admitted) {
      p.order.takePendingTransitions();
      p.order.markSaved(p.order.version);
    }
    if (admitted.length > 0) this.changed(assetId);
    // The batch's sum did not fit, so none of it was kept: each order again, as if it came alone.
    const uncovered = unique.filter((p) => outcome.get(p.order.traceId) === 'insufficient_balance');
    for (const p of unique) if (!uncovered.includes(p)) p.resolve(outcome.get(p.order.traceId) ?? 'duplicate');
    if (uncovered.length === 0) return;
    try {
      const again = await this.db.run(() => this.admitOneByOne(this.db.sql(), assetId, uncovered));
      if ([...again.values()].includes('admitted')) this.changed(assetId);
      for (const p of uncovered) p.resolve(again.get(p.order.traceId) ?? 'duplicate');
    } catch (e) {
      for (const p of uncovered) p.reject(e);
    }
  }

  /** The slow path, for a batch whose sum the balance does not cover: one INSERT per order, then the bound, then what fits. */
  private async admitOneByOne(sql: SqlSession, assetId: string, batch: readonly Pending[]): Promise<Map<string, Admission>> {
    const outcome = new Map<string, Admission>();
    const stored: Pending[] = [];
    for (const p of batch) {
      if ((await this.orders.insert(p.order)) === 'inserted') stored.push(p);
      else outcome.set(p.order.traceId, 'duplicate');
    }
    if (stored.length === 0) return outcome;
    // The payee bound is read under the payees' locks (sorted; held to the commit, like the one-order path's).
    const payees = [...new Set(stored.map((p) => p.order.terms.payeeId))].sort();
    await sql.rows('select pg_advisory_xact_lock(hashtext(k)) from unnest(?::text[]) with ordinality as t(k, n) order by n', [
      pgArray(payees.map((p) => PAYEE_LOCK_PREFIX + p)),
    ]);
    // Counted only up to the bound: whether a payee may open one more needs no more rows than that.
    const bound = Math.max(...stored.map((p) => p.maxOpenPerPayee));
    const counts = await sql.rows<{ payee_id: string; n: string }>(
      `select p.payee_id::text as payee_id,
              (select count(*) from (select 1 from reservations r
                                      where r.state = 'held' and r.payee_id = p.payee_id limit ?::int) held)::text as n
         from unnest(?::uuid[]) as p(payee_id)`,
      [bound, pgArray(payees)],
    );
    const open = new Map(counts.map((c) => [c.payee_id, Number(c.n)]));
    const candidates: Pending[] = [];
    for (const p of stored) {
      const payee = p.order.terms.payeeId;
      const n = open.get(payee) ?? 0;
      if (n >= p.maxOpenPerPayee) outcome.set(p.order.traceId, 'too_many_open');
      else {
        open.set(payee, n + 1);
        candidates.push(p);
      }
    }

    const reserved = await this.reserve(sql, assetId, candidates);
    for (const p of candidates) outcome.set(p.order.traceId, reserved.has(p.order.traceId) ? 'admitted' : 'insufficient_balance');
    // A refused order is not kept, as when its one-order transaction rolled back.
    const refused = stored.filter((p) => outcome.get(p.order.traceId) !== 'admitted').map((p) => p.order.traceId);
    if (refused.length > 0) {
      await sql.rows('delete from order_transitions where trace_id = any(?::uuid[])', [pgArray(refused)]);
      await sql.rows('delete from orders where trace_id = any(?::uuid[])', [pgArray(refused)]);
    }
    return outcome;
  }

  /** Reserves for as many candidates as the balance covers, in arrival order; the trace ids that got one. */
  private async reserve(sql: SqlSession, assetId: string, candidates: readonly Pending[]): Promise<Set<string>> {
    if (candidates.length === 0) return new Set();
    const now = this.clock.now();
    const run = async (ps: readonly Pending[]) => {
      const total = ps.reduce((sum, p) => sum.plus(p.order.terms.amount), Amount.zero()).toString();
      const rows = await sql.rows<{ order_ref: string }>(RESERVE_ALL, [
        total,
        now,
        assetId,
        total,
        now,
        now,
        pgArray(ps.map((p) => p.order.traceId)),
        pgArray(ps.map((p) => p.order.terms.amount.toString())),
        pgArray(ps.map((p) => p.order.terms.payeeId)),
      ]);
      return new Set(rows.map((r) => r.order_ref));
    };
    const all = await run(candidates);
    if (all.size > 0) return all;
    // The sum does not fit: lock the row, then take what fits, each order checked as if it came alone.
    const rows = await sql.rows<{ available: string }>(
      'select (balance - reserved)::text as available from asset_balances where asset_id = ? for update',
      [assetId],
    );
    if (!rows[0]) return new Set();
    let available = Amount.of(rows[0].available);
    const fitting: Pending[] = [];
    for (const p of candidates) {
      if (p.order.terms.amount.gt(available)) continue;
      available = available.minus(p.order.terms.amount);
      fitting.push(p);
    }
    return fitting.length > 0 ? run(fitting) : new Set();
  }
}
