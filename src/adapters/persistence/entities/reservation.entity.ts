import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `reservations`: the amount an order holds out of an asset's balance, and whether it still does. */
export interface ReservationRecord {
  orderRef: string;
  assetId: string;
  amount: string;
  state: 'held' | 'released' | 'consumed';
  /** The order's payee, for the open-orders bound (null on rows from before m007 that were no longer held). */
  payeeId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ReservationEntity = new EntitySchema<ReservationRecord>({
  name: 'ReservationRecord',
  tableName: 'reservations',
  properties: {
    orderRef: { type: 'uuid', primary: true },
    assetId: { type: 'uuid' },
    amount: { type: 'decimal', precision: 38, scale: 8 },
    state: { type: 'string', length: 16 },
    payeeId: { type: 'uuid', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
  indexes: [
    {
      name: 'reservations_held_payee_idx',
      expression: `create index reservations_held_payee_idx on reservations (payee_id) where state::text = 'held'::text`,
    },
  ],
  checks: [{ name: 'reservations_amount_check', expression: 'amount > 0' }],
});
