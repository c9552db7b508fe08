import { sqlConnection } from '../support/database.js';

/** How far settlement has come: transfer rows done, and orders settled. */
export async function settlementCounts(databaseUrl: string): Promise<{ done: number; settled: number }> {
  const sql = await sqlConnection(databaseUrl);
  try {
    const [t] = await sql.execute<{ n: string }[]>(`select count(*)::text as n from transfers where state = 'done'`);
    const [o] = await sql.execute<{ n: string }[]>(`select count(*)::text as n from orders where status = 'settled'`);
    return { done: Number(t!.n), settled: Number(o!.n) };
  } finally {
    await sql.close();
  }
}
