import type { QueryResult } from '@mikro-orm/core';
import type { ClaimMove, OutboxMachine, UnclaimedMove } from '../../domain/outbox/outbox-machine.js';
import type { DbContext } from './db-context.js';
import { fencedUpdate, type LeaseClaim, type LeasedTable } from './lease-fence.js';

/** Where a queue keeps its rows, and the machine its `state` column follows. */
export interface OutboxTable<O extends OutboxMachine> {
  readonly table: string;
  readonly keyColumn: string;
  /** The select list of a row (what `claimDue` and `findBy` return); must include `lease_token`. */
  readonly columns: string;
  readonly machine: O;
}

/** A finished claim: the row is no longer anyone's. */
const RELEASED = 'lease_until = null, lease_token = null';

/**
 * A transactional outbox on one PostgreSQL table: rows added in the caller's unit of work, claimed
 * with FOR UPDATE SKIP LOCKED so workers never share one, and moved only as the queue's machine
 * allows. Every `state` written or matched is a literal taken from that machine, and a claim
 * holder's writes are fenced by its lease (lease-fence.ts).
 */
export class PgOutbox<O extends OutboxMachine, Row extends { lease_token: string | null }> {
  private readonly leased: LeasedTable;

  constructor(
    private readonly db: DbContext,
    private readonly t: OutboxTable<O>,
  ) {
    this.leased = { table: t.table, keyColumn: t.keyColumn, leasedState: literal(t.machine.leased) };
  }

  /** Queues a row in its initial state, due now; false when `unique` already names a row (nothing written). */
  async add(values: Readonly<Record<string, string | number | null>>, unique: string, now: Date): Promise<boolean> {
    const columns = Object.keys(values);
    const res = await this.db.em().execute<QueryResult>(
      `insert into ${this.t.table} (${columns.join(', ')}, state, attempts, next_attempt_at, created_at, updated_at)
       values (${columns.map(() => '?').join(', ')}, ${literal(this.t.machine.initial)}, 0, ?, ?, ?) on conflict (${unique}) do nothing`,
      [...Object.values(values), now, now, now],
      'run',
    );
    return res.affectedRows > 0;
  }

  /**
   * Leases up to `limit` rows (due ones, and leased ones whose lease has passed) to the caller, each
   * under a new claim token, counting an attempt for each. Concurrent callers get disjoint rows.
   * `within` limits the claim to rows whose `column` holds `value` (one asset's transfers, say).
   */
  async claimDue(now: Date, limit: number, leaseMs: number, within?: { readonly column: string; readonly value: string }): Promise<Row[]> {
    const { table, keyColumn: key, machine } = this.t;
    const leased = literal(machine.leased);
    const scope = within ? ` and ${identifier(within.column)} = ?` : '';
    return this.db.em().execute<Row[]>(
      `update ${table} set state = ${leased}, attempts = attempts + 1, lease_until = ?, lease_token = gen_random_uuid(), updated_at = ?
        where ${key} in (
          select ${key} from ${table}
           where (${this.due()})${scope}
           order by next_attempt_at limit ? for update skip locked)
       returning ${this.t.columns}`,
      [new Date(now.getTime() + leaseMs), now, now, now, ...(within ? [within.value] : []), limit],
      'all',
    );
  }

  /** The distinct values of `column` among the rows `claimDue` would take now (e.g. the assets with transfers due). */
  async dueValues(column: string, now: Date): Promise<string[]> {
    const c = identifier(column);
    const rows = await this.db
      .em()
      .execute<Record<string, string>[]>(`select distinct ${c} as value from ${this.t.table} where ${this.due()}`, [now, now], 'all');
    return rows.map((r) => r.value!);
  }

  /** Extends the claim's lease to `now + leaseMs`; false when the lease was lost. */
  renew(claim: LeaseClaim, now: Date, leaseMs: number): Promise<boolean> {
    return fencedUpdate(this.db, this.leased, 'lease_until = ?', [new Date(now.getTime() + leaseMs)], claim, now);
  }

  /** A claim holder's move, with `set` besides; ends the claim unless the row stays leased. False when the lease was lost. */
  byClaim(move: ClaimMove<O>, claim: LeaseClaim, set: string, params: readonly unknown[], now: Date): Promise<boolean> {
    return fencedUpdate(this.db, this.leased, this.setting(move, set), params, claim, now);
  }

  /** A move made without a claim (which it ends), only from the states the machine allows; false when the row was in none. */
  async move(move: UnclaimedMove<O>, key: string, set: string, params: readonly unknown[], now: Date): Promise<boolean> {
    const from = this.t.machine.moves[move]!.from.map(literal).join(', ');
    const res = await this.db
      .em()
      .execute<QueryResult>(
        `update ${this.t.table} set ${this.setting(move, set)}, updated_at = ? where ${this.t.keyColumn} = ? and state in (${from})`,
        [...params, now, key],
        'run',
      );
    return res.affectedRows > 0;
  }

  async findBy(column: string, value: string): Promise<Row | null> {
    const rows = await this.db.em().execute<Row[]>(`select ${this.t.columns} from ${this.t.table} where ${column} = ?`, [value], 'all');
    return rows[0] ?? null;
  }

  /** Claimable: in a due state and due, or leased under a lease that passed (its worker died or outran it); two `now` params. */
  private due(): string {
    const leased = literal(this.t.machine.leased);
    return `(state in (${this.t.machine.due.map(literal).join(', ')}) and next_attempt_at <= ?) or (state = ${leased} and lease_until < ?)`;
  }

  private setting(move: string, set: string): string {
    const to = this.t.machine.moves[move]!.to;
    return [`state = ${literal(to)}`, set, ...(to === this.t.machine.leased ? [] : [RELEASED])].filter(Boolean).join(', ');
  }
}

/** A state as a SQL literal; states are code constants, checked so none could carry SQL. */
function literal(state: string): string {
  if (!/^[a-z_]+$/.test(state)) throw new Error(`not a state name: ${state}`);
  return `'${state}'`;
}

/** A column name as SQL; callers pass code constants, checked so none could carry SQL. */
function identifier(column: string): string {
  if (!/^[a-z_]+$/.test(column)) throw new Error(`not a column name: ${column}`);
  return column;
}
