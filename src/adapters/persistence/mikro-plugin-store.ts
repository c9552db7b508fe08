import type { Clock } from '../../domain/ports/clock.port.js';
import type { PluginStore } from '../../plugin-api/context.js';
import type { DbContext } from './db-context.js';
import type { PluginRecordBatch } from './plugin-record-batch.js';

/*
 * Plain prepared SQL rather than the query builder: a wallet's checkout reads and writes here on
 * every create_order, and building these three fixed statements cost more CPU than running them.
 */
const GET = 'select value from plugin_records where wallet = ? and key = ?';
const PUT = `insert into plugin_records (wallet, key, value, updated_at) values (?, ?, ?::jsonb, ?)
  on conflict (wallet, key) do update set value = excluded.value, updated_at = excluded.updated_at`;
const PUT_IF_ABSENT = `insert into plugin_records (wallet, key, value, updated_at) values (?, ?, ?::jsonb, ?)
  on conflict (wallet, key) do nothing returning key`;

/** A wallet instance's private key-value records, in `plugin_records` (see PluginRecordEntity). */
export class MikroPluginStore implements PluginStore {
  constructor(
    private readonly db: DbContext,
    private readonly clock: Clock,
    private readonly wallet: string,
    /** Shared by every wallet's store: concurrent checkouts' records go in one statement. */
    private readonly batch: PluginRecordBatch,
  ) {}

  async get<T>(key: string): Promise<T | null> {
    const rows = await this.db.sql().rows<{ value: T }>(GET, [this.wallet, key]);
    return rows[0] ? rows[0].value : null;
  }

  async put(key: string, value: unknown): Promise<void> {
    await this.db.sql().rows(PUT, [this.wallet, key, JSON.stringify(value), this.clock.now()]);
  }

  async putIfAbsent(key: string, value: unknown): Promise<boolean> {
    if (!this.db.inTransaction()) return this.batch.putIfAbsent({ wallet: this.wallet, key, value, at: this.clock.now() });
    // Inside a unit of work the record belongs to its transaction.
    const rows = await this.db.sql().rows<{ key: string }>(PUT_IF_ABSENT, [this.wallet, key, JSON.stringify(value), this.clock.now()]);
    return rows.length > 0;
  }
}
