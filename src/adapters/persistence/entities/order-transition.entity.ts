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
    traceId: { type: 'uuid' },
    fromStatus: { type: 'string', nullable: true },
    toStatus: { type: 'string' },
    cause: { type: 'text' },
    at: { type: 'Date', columnType: 'timestamptz' },
  },
});
