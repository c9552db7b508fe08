import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `asset_balances`: the bot's balance per asset as last synchronised, and what is reserved. */
export interface AssetBalanceRecord {
  assetId: string;
  balance: string;
  reserved: string;
  usdPrice: string | null;
  updatedAt: Date;
}

export const AssetBalanceEntity = new EntitySchema<AssetBalanceRecord>({
  name: 'AssetBalanceRecord',
  tableName: 'asset_balances',
  properties: {
    assetId: { type: 'uuid', primary: true },
    balance: { type: 'decimal', precision: 38, scale: 8 },
    reserved: { type: 'decimal', precision: 38, scale: 8, default: 0 },
    usdPrice: { type: 'decimal', precision: 38, scale: 18, nullable: true },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
  checks: [
    { name: 'asset_balances_balance_check', expression: 'balance >= 0' },
    { name: 'asset_balances_reserved_check', expression: 'reserved >= 0' },
  ],
});
