import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `treasury_cursors`: where a treasury poll resumes (Mixin's snapshot cursor), by name. */
export interface TreasuryCursorRecord {
  name: string;
  cursor: string | null;
  updatedAt: Date;
}

export const TreasuryCursorEntity = new EntitySchema<TreasuryCursorRecord>({
  name: 'TreasuryCursorRecord',
  tableName: 'treasury_cursors',
  properties: {
    name: { type: 'string', length: 64, primary: true },
    cursor: { type: 'text', nullable: true },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
});
