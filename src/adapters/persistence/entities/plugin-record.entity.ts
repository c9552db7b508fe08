import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `plugin_records`: the small key-value store each wallet instance gets for its own data. */
export interface PluginRecord {
  wallet: string;
  key: string;
  value: unknown;
  updatedAt: Date;
}

export const PluginRecordEntity = new EntitySchema<PluginRecord>({
  name: 'PluginRecord',
  tableName: 'plugin_records',
  properties: {
    wallet: { type: 'string', length: 20, primary: true },
    key: { type: 'string', length: 255, primary: true },
    value: { type: 'json' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
});
