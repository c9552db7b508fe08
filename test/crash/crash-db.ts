import { MikroORM } from '@mikro-orm/postgresql';

/** How far settlement has come: transfer rows done, and orders settled. */
export async function settlementCounts(databaseUrl: string): Promise<{ done: number; settled: number }> {
  const orm = await MikroORM.init({ clientUrl: databaseUrl, entities: [], discovery: { warnWhenNoEntities: false }, pool: { min: 0, max: 1 } });
  try {
    const conn = orm.em.getConnection();
    const [t] = await conn.execute<{ n: string }[]>(`select count(*)::text as n from transfers where state = 'done'`);
    const [o] = await conn.execute<{ n: string }[]>(`select count(*)::text as n from orders where status = 'settled'`);
    return { done: Number(t!.n), settled: Number(o!.n) };
  } finally {
    await orm.close(true);
  }
}
