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
