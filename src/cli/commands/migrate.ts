import { openDatabase } from '../../adapters/persistence/database.js';
import { advisoryLock } from '../../adapters/persistence/advisory-lock.js';
import { applyMigrations, migrationStatus } from '../../adapters/persistence/migration-status.js';
import type { Parsed } from '../args.js';
import { CliError, type CliIo } from '../io.js';
import { table } from '../table.js';

/** The database at DATABASE_URL, opened without applying anything. */
async function open(io: CliIo) {
  const url = io.env.DATABASE_URL?.trim();
  if (!url) {
    throw new CliError('DATABASE_URL is not set: migrate talks to a PostgreSQL server (the embedded database migrates itself at start)');
  }
  try {
    return await openDatabase({ url, embeddedDataDir: null, poolSize: 2, migrate: false });
  } catch (e) {
    throw new CliError(`cannot open the database at DATABASE_URL: ${(e as Error).message}`);
  }
}

/** `migrate status`: which schema migrations the database has, and which it still needs. */
export async function migrateStatus(args: Parsed, io: CliIo): Promise<void> {
  const db = await open(io);
  try {
    const status = await migrationStatus(db.orm);
    if (args.json) return io.out(`${JSON.stringify(status, null, 2)}\n`);
    const rows = [
      ...status.executed.map((m) => ({ migration: m.name, state: 'applied', at: m.executedAt })),
      ...status.pending.map((name) => ({ migration: name, state: 'pending', at: null })),
    ];
    io.out(table(['migration', 'state', 'at'], rows));
    io.out(status.pending.length === 0 ? 'up to date\n' : `${status.pending.length} pending: run "broker migrate up"\n`);
  } finally {
    await db.close();
  }
}

/** `migrate up`: applies the pending migrations, all in one transaction (all or nothing), one instance at a time. */
export async function migrateUp(args: Parsed, io: CliIo): Promise<void> {
  const db = await open(io);
  try {
    const applied = await advisoryLock(db.orm)('migrations', () => applyMigrations(db.orm));
    if (args.json) return io.out(`${JSON.stringify({ applied }, null, 2)}\n`);
    io.out(applied.length === 0 ? 'up to date: nothing to apply\n' : `applied: ${applied.join(', ')}\n`);
  } finally {
    await db.close();
  }
}
