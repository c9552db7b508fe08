import { databaseProblem, openDatabase, type Database } from '../../adapters/persistence/database.js';
import { migrationStatus } from '../../adapters/persistence/migration-status.js';
import { fail, ok, skipped, within, type Check, type DoctorContext } from './check.js';

const DB_TIMEOUT_MS = 10_000;

/**
 * The database at DATABASE_URL answers and has every migration of this release. Opened as the
 * CLI's `migrate status` does: nothing applied, and nothing created (not even a missing database).
 */
export async function databaseChecks(ctx: DoctorContext): Promise<Check[]> {
  const url = ctx.brokerEnv?.databaseUrl ?? null;
  if (!url) {
    if (!ctx.brokerEnv) return [skipped('database', 'the database', 'the environment is invalid')];
    return [
      fail(
        'database',
        `DATABASE_URL is not set: the broker would run on the embedded database (${ctx.brokerEnv.dataDir}/pg), which is for trying it out`,
        'set DATABASE_URL to a PostgreSQL server, 14 or later (docs/going-live.md, step 2)',
      ),
      skipped('migrations', 'migrations', 'no DATABASE_URL'),
    ];
  }
  const password = new URL(url).password;
  if (password) ctx.secrets.add(decodeURIComponent(password));

  let db: Database | null = null;
  let gaveUp = false;
  const opening = openDatabase({ url, embeddedDataDir: null, poolSize: 1, migrate: false, createIfMissing: false });
  // Given up on, it may still connect later: closed then, so that no pool keeps the CLI process alive.
  opening
    .then(
      (late) => (gaveUp ? late.close() : undefined),
      () => undefined,
    )
    .catch(() => undefined);
  try {
    db = await within(DB_TIMEOUT_MS, 'connecting', opening);
    const conn = db.orm.em.fork().getConnection();
    const [version] = await within(DB_TIMEOUT_MS, 'select', conn.execute<{ server_version: string }[]>('show server_version'));
    const checks = [ok('database', `the database at DATABASE_URL answers (PostgreSQL ${version?.server_version ?? '?'})`)];
    const status = await within(DB_TIMEOUT_MS, 'reading migrations', migrationStatus(db.orm));
    checks.push(
      status.pending.length === 0
        ? ok('migrations', `every migration is applied (${status.executed.length})`)
        : fail(
            'migrations',
            `${status.pending.length} migrations pending: ${status.pending.join(', ')}`,
            'run "npm run broker -- migrate up" (or start the broker, which migrates)',
          ),
    );
    return checks;
  } catch (e) {
    gaveUp = true;
    return [
      fail(
        'database',
        `the database at DATABASE_URL does not answer: ${databaseProblem(e)}`,
        'check DATABASE_URL, the server and the network',
      ),
      skipped('migrations', 'migrations', 'the database does not answer'),
    ];
  } finally {
    await db?.close().catch(() => undefined);
  }
}
