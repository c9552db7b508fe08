import type { QueryResult } from '@mikro-orm/core';
import type { DbContext } from './db-context.js';

/** A queue table whose rows workers claim under a lease token. */
export interface LeasedTable {
  readonly table: string;
  readonly keyColumn: string;
  /** The SQL literal of the state a claimed row is in. */
  readonly leasedState: string;
}

/** A worker's hold on one row: the row's key and the token of the claim. */
export interface LeaseClaim {
  readonly key: string;
  readonly leaseToken: string;
}

/**
 * `update <table> set <set>` only while the claim holds the row: its own token, still leased,
 * before the lease has passed. False when the lease was lost, so a late worker changes nothing.
 */
export async function fencedUpdate(
  db: DbContext,
  on: LeasedTable,
  set: string,
  params: readonly unknown[],
  claim: LeaseClaim,
  now: Date,
): Promise<boolean> {
  const res = await db.em().execute<QueryResult>(
    `update ${on.table} set ${set}, updated_at = ?
      where ${on.keyColumn} = ? and lease_token = ? and state = ${on.leasedState} and lease_until > ?`,
    [...params, now, claim.key, claim.leaseToken, now],
    'run',
  );
  return res.affectedRows > 0;
}
