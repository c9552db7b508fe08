import type { DbContext } from './db-context.js';
import { GroupCommit } from './group-commit.js';

export interface NewPluginRecord {
  readonly wallet: string;
  readonly key: string;
  readonly value: unknown;
  readonly at: Date;
}

/** The records travel as one jsonb parameter: any number of them, one statement text. */
const PUT_ALL_IF_ABSENT = `insert into plugin_records (wallet, key, value, updated_at)
  select r.wallet, r.key, r.value, r.at
    from jsonb_to_recordset(?::jsonb) as r(wallet text, key text, value jsonb, at timestamptz)
  on conflict (wallet, key) do nothing
  returning wallet, key`;

const keyOf = (r: { readonly wallet: string; readonly key: string }) => `${r.wallet}\u0000${r.key}`;

/**
 * The wallets' `putIfAbsent` calls made outside a unit of work, grouped (see GroupCommit): a
 * checkout writes one record on every create_order, and the calls of concurrent orders share one
 * autocommit statement. Each call still learns whether its own record was new.
 */
export class PluginRecordBatch {
  private readonly group: GroupCommit<NewPluginRecord, boolean>;

  constructor(db: DbContext, maxBatch = 128) {
    this.group = new GroupCommit<NewPluginRecord, boolean>(
      async (records) => {
        const rows = await db.raw.rows<{ wallet: string; key: string }>(PUT_ALL_IF_ABSENT, [
          JSON.stringify(records.map((r) => ({ wallet: r.wallet, key: r.key, value: r.value, at: r.at.toISOString() }))),
        ]);
        const inserted = new Set(rows.map(keyOf));
        return records.map((r) => inserted.has(keyOf(r)));
      },
      keyOf,
      maxBatch,
    );
  }

  /** True when the record was new and is now stored; false when the key already existed. */
  putIfAbsent(record: NewPluginRecord): Promise<boolean> {
    return this.group.submit(record);
  }
}
