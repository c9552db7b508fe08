import type { Clock } from '../../domain/ports/clock.port.js';
import type { PluginStore } from '../../plugin-api/context.js';
import type { DbContext } from './db-context.js';
import { PluginRecordEntity, type PluginRecord } from './entities/plugin-record.entity.js';

/** A wallet instance's private key-value records, in `plugin_records`. */
export class MikroPluginStore implements PluginStore {
  constructor(
    private readonly db: DbContext,
    private readonly clock: Clock,
    private readonly wallet: string,
  ) {}

  async get<T>(key: string): Promise<T | null> {
    const row = await this.db
      .em()
      .createQueryBuilder(PluginRecordEntity)
      .select('value')
      .where({ wallet: this.wallet, key })
      .execute<Pick<PluginRecord, 'value'> | undefined>('get');
    return row ? (row.value as T) : null;
  }

  async put(key: string, value: unknown): Promise<void> {
    await this.db
      .em()
      .createQueryBuilder(PluginRecordEntity)
      .insert({ wallet: this.wallet, key, value, updatedAt: this.clock.now() })
      .onConflict(['wallet', 'key'])
      .merge(['value', 'updatedAt'])
      .execute('run');
  }

  async putIfAbsent(key: string, value: unknown): Promise<boolean> {
    const res = await this.db
      .em()
      .createQueryBuilder(PluginRecordEntity)
      .insert({ wallet: this.wallet, key, value, updatedAt: this.clock.now() })
      .onConflict(['wallet', 'key'])
      .ignore()
      .execute('run');
    return res.affectedRows > 0;
  }
}
