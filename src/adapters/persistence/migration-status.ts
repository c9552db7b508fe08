import type { MikroORM } from '@mikro-orm/postgresql';

export interface MigrationStatus {
  readonly executed: { readonly name: string; readonly executedAt: string }[];
  readonly pending: string[];
}

/** What the schema has and lacks (migrations are listed in migrations/index.ts, applied in that order). */
export async function migrationStatus(orm: MikroORM): Promise<MigrationStatus> {
  const migrator = orm.getMigrator();
  // One after the other: each creates the bookkeeping table when it is missing.
  const executed = await migrator.getExecutedMigrations();
  const pending = await migrator.getPendingMigrations();
  return {
    executed: executed.map((m) => ({ name: m.name, executedAt: new Date(m.executed_at).toISOString() })),
    pending: pending.map((m) => m.name),
  };
}

/** Applies what is pending; the names applied, in order. */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
