import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `order_transitions`: the order's history, one row per state-machine move. */
export interface OrderTransitionRecord {
  id?: string;
  traceId: string;
  fromStatus: string | null;
  toStatus: string;
  cause: string;
  at: Date;
}

export const OrderTransitionEntity = new EntitySchema<OrderTransitionRecord>({
  name: 'OrderTransitionRecord',
  tableName: 'order_transitions',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    // The foreign key to orders, named and ruled as m001 made it (PostgreSQL's defaults, not MikroORM's);
    // mapToPk keeps the property the plain trace id the repository writes and reads.
    traceId: {
      kind: 'm:1',
      entity: () => 'OrderRecord',
      joinColumn: 'trace_id',
      mapToPk: true,
      foreignKeyName: 'order_transitions_trace_id_fkey',
      updateRule: 'no action',
      deleteRule: 'no action',
    },
    fromStatus: { type: 'string', length: 32, nullable: true },
    toStatus: { type: 'string', length: 32 },
    cause: { type: 'text' },
    at: { type: 'Date', columnType: 'timestamptz' },
  },
  indexes: [{ name: 'order_transitions_trace_id_idx', properties: ['traceId', 'id'] }],
});
