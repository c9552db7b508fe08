import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/adapters/persistence/embedded-postgres.js';

let embedded: EmbeddedPostgres | null = null;
let url: string | null = null;

/** True when the suite runs against a real PostgreSQL server (TEST_DATABASE_URL), not the embedded one. */
export const onRealPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** The database every test broker connects to: TEST_DATABASE_URL, or one embedded server for the whole run. */
export async function testDatabaseUrl(): Promise<string> {
  if (url) return url;
  if (process.env.TEST_DATABASE_URL) {
    url = process.env.TEST_DATABASE_URL;
  } else {
    embedded = await startEmbeddedPostgres(null);
    url = embedded.url;
  }
  return url;
}

export async function stopTestDatabase(): Promise<void> {
  await embedded?.stop();
  embedded = null;
  url = null;
}

/** A plain SQL connection to a database (no entities), for tests that check or prepare rows directly. */
export async function sqlConnection(
  databaseUrl?: string,
): Promise<{ execute: <T>(sql: string, params?: unknown[]) => Promise<T>; close(): Promise<void> }> {
  const { MikroORM } = await import('@mikro-orm/postgresql');
  const orm = await MikroORM.init({
    clientUrl: databaseUrl ?? (await testDatabaseUrl()),
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 1 },
  });
  const conn = orm.em.getConnection();
  return {
    execute: <T>(sql: string, params: unknown[] = []) => conn.execute<T & object>(sql, params) as Promise<T>,
    close: () => orm.close(true),
  };
}

/**
 * Empties every table of the broker's schema (all but the migration bookkeeping), so a broker
 * started next sees only what its config seeds.
 */
export async function emptyTestDatabase(databaseUrl: string): Promise<void> {
  const sql = await sqlConnection(databaseUrl);
  try {
    const tables = await sql.execute<{ tablename: string }[]>(
      `select tablename from pg_tables where schemaname = current_schema() and tablename not like 'mikro_orm%'`,
    );
    if (tables.length > 0) await sql.execute(`truncate ${tables.map((t) => `"${t.tablename}"`).join(', ')} restart identity cascade`);
  } finally {
    await sql.close();
  }
}
