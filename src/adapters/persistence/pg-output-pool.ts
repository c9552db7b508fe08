import type { QueryResult } from '@mikro-orm/core';
import { Dec } from '../../domain/money/decimal.js';
import {
  MAX_INPUTS,
  type NewStoredRequest,
  type OutputPool,
  type OutputPoolSize,
  type PoolClaim,
  type PoolCounts,
  type PoolOutput,
  type StoredRequest,
} from '../../domain/ports/output-pool.port.js';
import type { DbContext } from './db-context.js';
import { OUTPUT_COLUMNS, REQUEST_COLUMNS, toOutput, toRequest, type OutputRow, type RequestRow } from './output-pool-rows.js';

/** A sent transaction's outputs normally show within seconds; past this it no longer counts as pending. */
const PENDING_WINDOW_MS = 5 * 60_000;
/** Spent rows are kept a while so a listing that raced the spend cannot bring them back as unspent. */
const SPENT_KEPT_MS = 60 * 60_000;
/**
 * Sent transactions are kept this long, then pruned: a retry under the same request id comes
 * within an order's lifetime and its lease, far sooner. Built ones (not yet sent) are kept until
 * they are resumed or dropped.
 */
const SENT_REQUESTS_KEPT_MS = 30 * 24 * 60 * 60_000;
/** Rows pruned per reconcile at most, so one statement stays short. */
const PRUNE_BATCH = 1_000;

/** Free to claim: unspent, or a claim (or hold) whose time ran out. A claim bound to a stored request has no end. */
const CLAIMABLE = `(state = 'unspent' or (state in ('claimed', 'held') and claimed_until < ?))`;

/**
 * The bot's outputs and the transactions built on them, in PostgreSQL, so every broker process
 * shares them. Claims use `FOR UPDATE SKIP LOCKED`: two processes never claim one output. A claim
 * lasts `claimMs` while its transaction is built; storing the transaction binds the claim to it
 * for good, so a worker killed before storing loses its claim and one killed after leaves a
 * transaction that the next attempt resumes.
 */
export class PgOutputPool implements OutputPool {
  constructor(private readonly db: DbContext) {}

  /**
   * The transaction stored under `requestId`, if any (a resumed attempt); else outputs of `assetId`
   * covering `amount`, claimed for `requestId`: the smallest single output that covers it (large
   * ones stay for large transfers and for splitting), else the oldest ones together (at most 256).
   * Null when the free outputs cannot. Claims of `requestId` not yet bound to a stored transaction
   * are given back first (a retry). The usual case, one output, is one statement.
   */
  async claim(assetId: string, requestId: string, amount: Dec, now: Date, claimMs: number): Promise<PoolClaim | null> {
    const until = new Date(now.getTime() + claimMs);
    const [r] = await this.db.em().execute<{ stored: RequestRow | null; outputs: OutputRow[] | null }[]>(
      `with stored as (select ${REQUEST_COLUMNS} from mixin_requests where request_id = ?),
       released as (
         update mixin_outputs set state = 'unspent', request_id = null, claimed_until = null, updated_at = ?
          where request_id = ? and state = 'claimed' and claimed_until is not null and not exists (select 1 from stored)
          returning output_key),
       single as (
         select output_key from mixin_outputs
          where asset_id = ? and ${CLAIMABLE} and amount >= ?::numeric and request_id is distinct from ?
            and not exists (select 1 from stored)
          order by amount, sequence limit 1 for update skip locked),
       picked as (
         update mixin_outputs set state = 'claimed', request_id = ?, claimed_until = ?, updated_at = ?
          where output_key in (select output_key from single)
          returning ${OUTPUT_COLUMNS})
       select (select row_to_json(s) from stored s) as stored, (select json_agg(p) from picked p) as outputs,
              (select count(*) from released) as released`,
      [requestId, now, requestId, assetId, now, amount.toString(), requestId, requestId, until, now],
      'all',
    );
    if (r!.stored) return { stored: toRequest(r!.stored) };
    if (r!.outputs?.length) return { outputs: r!.outputs.map(toOutput) };
    const several = await this.claimSeveral(assetId, requestId, amount, now, until);
    return several ? { outputs: several } : null;
  }

  /** No single free output covers `amount`: the oldest ones together, if they do. */
  private claimSeveral(assetId: string, requestId: string, amount: Dec, now: Date, until: Date): Promise<PoolOutput[] | null> {
    return this.db.run(async () => {
      const candidates = await this.db.em().execute<OutputRow[]>(
        `select ${OUTPUT_COLUMNS} from mixin_outputs where asset_id = ? and ${CLAIMABLE}
          order by sequence limit ? for update skip locked`,
        [assetId, now, MAX_INPUTS],
        'all',
      );
      const rows: OutputRow[] = [];
      let total = new Dec(0);
      for (const r of candidates) {
        rows.push(r);
        total = total.plus(r.amount);
        if (total.gte(amount)) break;
      }
      if (total.lt(amount)) return null;
      await this.bind(rows, requestId, until, now);
      return rows.map(toOutput);
    });
  }

  /** Claims specific kinds of outputs for a split (the largest) or a consolidation (the smallest). */
  async claimForUpkeep(
    assetId: string,
    requestId: string,
    pick: { readonly order: 'largest' | 'smallest'; readonly limit: number },
    now: Date,
    claimMs: number,
  ): Promise<PoolOutput[]> {
    return this.db.run(async () => {
      const rows = await this.db.em().execute<OutputRow[]>(
        `select ${OUTPUT_COLUMNS} from mixin_outputs where asset_id = ? and ${CLAIMABLE}
          order by amount ${pick.order === 'largest' ? 'desc' : 'asc'}, sequence limit ? for update skip locked`,
        [assetId, now, pick.limit],
        'all',
      );
      await this.bind(rows, requestId, new Date(now.getTime() + claimMs), now);
      return rows.map(toOutput);
    });
  }

  /** Gives back claims of `requestId` that no stored transaction holds (only `keys`, when given). */
  async release(requestId: string, now: Date, keys?: readonly string[]): Promise<void> {
    if (keys?.length === 0) return;
    await this.db.em().execute(
      `update mixin_outputs set state = 'unspent', request_id = null, claimed_until = null, updated_at = ?
        where request_id = ? and state = 'claimed' and claimed_until is not null${keys ? ' and output_key in (?)' : ''}`,
      [now, requestId, ...(keys ? [[...keys]] : [])],
      'run',
    );
  }

  /**
   * Stores the built transaction and binds its inputs to it, in one statement, before Mixin sees
   * it: the row goes in only while every input is still claimed for this request. If the request
   * id already has a transaction stored, that one is returned and this one's claims are given
   * back: only the stored transaction is ever verified. Throws when a claim was lost meanwhile
   * (another worker took the request over).
   */
  async store(r: NewStoredRequest, now: Date): Promise<StoredRequest> {
    const [res] = await this.db.em().execute<{ inserted: string }[]>(
      `with held as (
         select output_key from mixin_outputs
          where output_key in (?) and request_id = ? and state = 'claimed' and claimed_until is not null for update),
       ins as (
         insert into mixin_requests (request_id, asset_id, kind, raw, state, own_outputs, created_at, updated_at)
         select ?, ?, ?, ?, 'built', ?, ?, ? where (select count(*) from held) = ?
         on conflict (request_id) do nothing returning request_id),
       bound as (
         update mixin_outputs set claimed_until = null, updated_at = ?
          where output_key in (select output_key from held) and exists (select 1 from ins) returning output_key)
       select (select count(*) from ins)::text as inserted, (select count(*) from bound) as bound`,
      [[...r.inputs], r.requestId, r.requestId, r.assetId, r.kind, r.raw, r.ownOutputs, now, now, r.inputs.length, now],
      'all',
    );
    if (res!.inserted === '1') {
      return { requestId: r.requestId, assetId: r.assetId, kind: r.kind, raw: r.raw, state: 'built', transactionHash: null };
    }
    const existing = await this.find(r.requestId);
    if (!existing) throw new PoolClaimLost(r.requestId);
    await this.release(r.requestId, now);
    return existing;
  }

  async find(requestId: string): Promise<StoredRequest | null> {
    const rows = await this.db
      .em()
      .execute<RequestRow[]>(`select ${REQUEST_COLUMNS} from mixin_requests where request_id = ?`, [requestId], 'all');
    return rows[0] ? toRequest(rows[0]) : null;
  }

  /** The outputs a request claimed (its inputs). */
  async inputsOf(requestId: string): Promise<string[]> {
    const rows = await this.db
      .em()
      .execute<{ output_key: string }[]>(`select output_key from mixin_outputs where request_id = ?`, [requestId], 'all');
    return rows.map((r) => r.output_key);
  }

  /** The transaction went out: its inputs are spent; it waits for its own outputs unless it has none. One statement. */
  async markSent(requestId: string, transactionHash: string, now: Date): Promise<void> {
    await this.db.em().execute(
      `with sent as (
         update mixin_requests set state = case when own_outputs = 0 then 'confirmed' else 'sent' end, transaction_hash = ?, updated_at = ?
          where request_id = ? and state = 'built' returning request_id)
       update mixin_outputs set state = 'spent', claimed_until = null, updated_at = ? where request_id = ? and state = 'claimed'`,
      [transactionHash, now, requestId, now, requestId],
      'run',
    );
  }

  /**
   * Mixin refused the stored transaction, so the request id is free again: forget it. Its inputs
   * go back to the pool, or are held for `holdMs` when Mixin said another transaction locks them.
   */
  async drop(requestId: string, inputs: 'free' | { holdMs: number }, now: Date): Promise<void> {
    await this.db.run(async () => {
      const em = this.db.em();
      await em.execute(`delete from mixin_requests where request_id = ? and state = 'built'`, [requestId], 'run');
      if (inputs === 'free') {
        await em.execute(
          `update mixin_outputs set state = 'unspent', request_id = null, claimed_until = null, updated_at = ?
            where request_id = ? and state = 'claimed'`,
          [now, requestId],
          'run',
        );
      } else {
        await em.execute(
          `update mixin_outputs set state = 'held', claimed_until = ?, updated_at = ? where request_id = ? and state = 'claimed'`,
          [new Date(now.getTime() + inputs.holdMs), now, requestId],
          'run',
        );
      }
    });
  }

  /** Highest sequence the pool has seen for `assetId`: where an incremental listing resumes. */
  async lastSequence(assetId: string): Promise<number | null> {
    const rows = await this.db
      .em()
      .execute<{ s: string | null }[]>(`select max(sequence)::text as s from mixin_outputs where asset_id = ?`, [assetId], 'all');
    return rows[0]?.s ? Number(rows[0].s) : null;
  }

  /**
   * Adds outputs Mixin lists as unspent (known ones are left as they are), and marks the sent
   * transactions that made them confirmed. Returns how many were new.
   */
  async absorb(outputs: readonly PoolOutput[], now: Date): Promise<number> {
    const fresh = outputs.filter((o) => new Dec(o.amount).gt(0));
    if (fresh.length === 0) return 0;
    return this.db.run(async () => {
      const em = this.db.em();
      let added = 0;
      for (let i = 0; i < fresh.length; i += 200) {
        const chunk = fresh.slice(i, i + 200);
        const res = await em.execute<QueryResult>(
          `insert into mixin_outputs
             (output_key, asset_id, kernel_asset, transaction_hash, output_index, amount, sequence, state, created_at, updated_at)
           values ${chunk.map(() => `(?, ?, ?, ?, ?, ?::numeric, ?, 'unspent', ?, ?)`).join(', ')}
           on conflict (output_key) do nothing`,
          chunk.flatMap((o) => [o.key, o.assetId, o.kernelAsset, o.transactionHash, o.outputIndex, o.amount, o.sequence, now, now]),
          'run',
        );
        added += res.affectedRows;
      }
      await em.execute(
        `update mixin_requests set state = 'confirmed', updated_at = ? where state = 'sent' and transaction_hash in (?)`,
        [now, [...new Set(fresh.map((o) => o.transactionHash))]],
        'run',
      );
      return added;
    });
  }

  /**
   * After a complete listing of `assetId`'s unspent outputs taken at `listedAt`: outputs the pool
   * thinks free but Mixin no longer lists were spent elsewhere (or by a transaction built before
   * the pool existed), so they are marked spent and never picked again. Old spent outputs and old
   * sent transactions are pruned.
   */
  async reconcile(assetId: string, listedKeys: ReadonlySet<string>, listedAt: Date, now: Date): Promise<number> {
    return this.db.run(async () => {
      const em = this.db.em();
      const local = await em.execute<{ output_key: string }[]>(
        `select output_key from mixin_outputs where asset_id = ? and state in ('unspent', 'held') and created_at < ?`,
        [assetId, listedAt],
        'all',
      );
      const gone = local.map((r) => r.output_key).filter((k) => !listedKeys.has(k));
      if (gone.length > 0) {
        await em.execute(
          `update mixin_outputs set state = 'spent', request_id = null, claimed_until = null, updated_at = ?
            where output_key in (?) and state in ('unspent', 'held')`,
          [now, gone],
          'run',
        );
      }
      await em.execute(
        `delete from mixin_outputs where state = 'spent' and updated_at < ?`,
        [new Date(now.getTime() - SPENT_KEPT_MS)],
        'run',
      );
      // One row per transfer ever made: without pruning the table grows with every order.
      await em.execute(
        `delete from mixin_requests where request_id in (
           select request_id from mixin_requests where asset_id = ? and state in ('sent', 'confirmed') and updated_at < ? limit ?)`,
        [assetId, new Date(now.getTime() - SENT_REQUESTS_KEPT_MS), PRUNE_BATCH],
        'run',
      );
      return gone.length;
    });
  }

  async counts(assetId: string, now: Date): Promise<PoolCounts> {
    const [o] = await this.db.em().execute<{ free: string; free_sum: string; claimed: string; held: string }[]>(
      `select count(*) filter (where ${CLAIMABLE})::text as free,
              coalesce(sum(amount) filter (where ${CLAIMABLE}), 0)::text as free_sum,
              count(*) filter (where state = 'claimed' and (claimed_until is null or claimed_until >= ?))::text as claimed,
              count(*) filter (where state = 'held' and claimed_until >= ?)::text as held
         from mixin_outputs where asset_id = ? and state in ('unspent', 'claimed', 'held')`,
      [now, now, now, now, assetId],
      'all',
    );
    const [r] = await this.db.em().execute<{ pending: string; upkeep: string }[]>(
      `select coalesce(sum(own_outputs) filter (where state = 'sent'), 0)::text as pending,
              count(*) filter (where kind <> 'transfer')::text as upkeep
         from mixin_requests where asset_id = ? and state in ('built', 'sent') and updated_at > ?`,
      [assetId, new Date(now.getTime() - PENDING_WINDOW_MS)],
      'all',
    );
    return {
      free: Number(o!.free),
      freeSum: o!.free_sum,
      claimed: Number(o!.claimed),
      pending: Number(r!.pending),
      upkeepInFlight: Number(r!.upkeep),
      held: Number(o!.held),
    };
  }

  /** Free outputs per asset, for operators. */
  async sizes(assetIds: readonly string[], now: Date): Promise<Map<string, OutputPoolSize>> {
    const sizes = new Map<string, OutputPoolSize>();
    if (assetIds.length === 0) return sizes;
    const rows = await this.db.em().execute<{ asset_id: string; free: string; claimed: string }[]>(
      `select asset_id, count(*) filter (where ${CLAIMABLE})::text as free, count(*) filter (where state = 'claimed')::text as claimed
         from mixin_outputs where asset_id in (?) and state in ('unspent', 'claimed', 'held') group by asset_id`,
      [now, [...assetIds]],
      'all',
    );
    for (const r of rows) sizes.set(r.asset_id, { free: Number(r.free), claimed: Number(r.claimed) });
    return sizes;
  }

  /**
   * A split or consolidation that was stored but never finished (its worker died), leased to the
   * caller for `leaseMs` so it is resumed once.
   */
  async takeStaleUpkeep(assetId: string, now: Date, leaseMs: number): Promise<StoredRequest | null> {
    const rows = await this.db.em().execute<RequestRow[]>(
      `update mixin_requests set worked_until = ?, updated_at = ?
        where request_id = (
          select request_id from mixin_requests
           where asset_id = ? and kind <> 'transfer' and state = 'built' and (worked_until is null or worked_until < ?) and created_at < ?
           order by created_at limit 1 for update skip locked)
       returning ${REQUEST_COLUMNS}`,
      [new Date(now.getTime() + leaseMs), now, assetId, now, new Date(now.getTime() - leaseMs)],
      'all',
    );
    return rows[0] ? toRequest(rows[0]) : null;
  }

  private async bind(rows: readonly OutputRow[], requestId: string, until: Date, now: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .em()
      .execute(
        `update mixin_outputs set state = 'claimed', request_id = ?, claimed_until = ?, updated_at = ? where output_key in (?)`,
        [requestId, until, now, rows.map((r) => r.output_key)],
        'run',
      );
  }
}

/** A claim was taken over before the transaction could be stored: retry, nothing was sent. */
export class PoolClaimLost extends Error {
  readonly retryable = true;
  constructor(requestId: string) {
    super(`the outputs claimed for ${requestId} were taken over before its transaction was stored`);
    this.name = 'PoolClaimLost';
  }
}
