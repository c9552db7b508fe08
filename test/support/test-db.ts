import { sqlConnection } from './database.js';

/** A direct SQL connection to the test database, to check what the broker stored without going through it. */
export interface TestDb {
  /** `reserved` of one asset in asset_balances, as PostgreSQL prints the numeric (8 decimals). */
  reserved(assetId: string): Promise<string>;
  count(table: 'orders' | 'reservations', where?: string): Promise<number>;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const conn = await sqlConnection();
  return {
    async reserved(assetId) {
      const rows = await conn.execute<{ reserved: string }[]>('select reserved::text as reserved from asset_balances where asset_id = ?', [
        assetId,
      ]);
      if (rows.length !== 1) throw new Error(`asset_balances has ${rows.length} rows for ${assetId}`);
      return rows[0]!.reserved;
    },
    async count(table, where) {
      const rows = await conn.execute<{ n: string }[]>(`select count(*)::text as n from ${table}${where ? ` where ${where}` : ''}`);
      return Number(rows[0]!.n);
    },
    close: () => conn.close(),
  };
}
