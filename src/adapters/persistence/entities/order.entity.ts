import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `orders`: every field the guide marks "Storage: Yes", plus what the broker adds. */
export interface OrderRecord {
  traceId: string;
  payeeId: string;
  wallet: string;
  assetId: string;
  amount: string;
  fee: string;
  currency: string;
  memo: string;
  expiredAt: Date;
  returnUrl: string;
  opponentId: string;
  status: string;
  paymentId: string | null;
  checkoutUrl: string | null;
  deepLink: string | null;
  universalUrl: string | null;
  providerData: Record<string, string>;
  failureReason: string | null;
  nextCheckAt: Date | null;
  checks: number;
  mixpayRefundCode: string | null;
  reportedAmount: string | null;
  reportedCurrency: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const OrderEntity = new EntitySchema<OrderRecord>({
  name: 'OrderRecord',
  tableName: 'orders',
  properties: {
    traceId: { type: 'uuid', primary: true },
    payeeId: { type: 'uuid' },
    wallet: { type: 'string', length: 20 },
    assetId: { type: 'uuid' },
    amount: { type: 'decimal', precision: 38, scale: 8 },
    fee: { type: 'decimal', precision: 38, scale: 8 },
    currency: { type: 'string', length: 32 },
    memo: { type: 'text' },
    expiredAt: { type: 'Date', columnType: 'timestamptz' },
    returnUrl: { type: 'text' },
    opponentId: { type: 'uuid' },
    status: { type: 'string', length: 32 },
    paymentId: { type: 'text', nullable: true },
    checkoutUrl: { type: 'text', nullable: true },
    deepLink: { type: 'text', nullable: true },
    universalUrl: { type: 'text', nullable: true },
    providerData: { type: 'json', defaultRaw: `'{}'` },
    failureReason: { type: 'text', nullable: true },
    nextCheckAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    checks: { type: 'integer', default: 0 },
    mixpayRefundCode: { type: 'string', length: 16, nullable: true },
    reportedAmount: { type: 'string', length: 64, nullable: true },
    reportedCurrency: { type: 'string', length: 32, nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
    version: { type: 'integer', default: 0 },
  },
  checks: [
    { name: 'orders_amount_check', expression: 'amount > 0' },
    { name: 'orders_fee_check', expression: 'fee >= 0' },
  ],
  indexes: [
    { name: 'orders_status_expired_at_idx', properties: ['status', 'expiredAt'] },
    // Partial: MikroORM takes it only as a whole statement and compares it by name; schema-agreement.spec compares the text.
    {
      name: 'orders_next_check_idx',
      expression: 'create index orders_next_check_idx on orders (next_check_at) where next_check_at is not null',
    },
    // The operator's search (M005): newest first with keyset paging, so each is written whole (desc, gin, partial).
    ...[
      'create index orders_created_idx on orders (created_at desc, trace_id desc)',
      'create index orders_status_created_idx on orders (status, created_at desc, trace_id desc)',
      'create index orders_wallet_created_idx on orders (wallet, created_at desc, trace_id desc)',
      'create index orders_payee_created_idx on orders (payee_id, created_at desc, trace_id desc)',
      'create index orders_trace_trgm_idx on orders using gin ((trace_id::text) gin_trgm_ops)',
      'create index orders_payment_id_idx on orders (payment_id) where payment_id is not null',
    ].map((expression) => ({ name: expression.split(' ')[2]!, expression })),
  ],
});
