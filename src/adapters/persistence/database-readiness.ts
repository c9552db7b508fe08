import type { MikroORM } from '@mikro-orm/postgresql';
import type { CheckResult, ReadinessCheck } from '../../application/operations/check-readiness.query.js';
import { databaseProblem } from './database.js';

/** The database answers a query. */
export function databaseCheck(orm: MikroORM): ReadinessCheck {
  return {
    name: 'database',
    async check(): Promise<CheckResult> {
      try {
        await orm.em.fork().getConnection().execute('select 1');
        return { ok: true };
      } catch (e) {
        return { ok: false, reason: `does not answer: ${databaseProblem(e)}` };
      }
    },
  };
}

/**
 * Every migration this code knows is applied: a schema behind the code (another instance rolled
 * back, a migration that failed) would make queries fail. One the code does not know is reported
 * but not fatal: a newer release migrated first, and migrations only ever add.
 */
export function migrationsCheck(orm: MikroORM, expected: readonly string[]): ReadinessCheck {
  return {
    name: 'migrations',
    async check(): Promise<CheckResult> {
      let applied: Set<string>;
      try {
        applied = new Set((await orm.getMigrator().getExecutedMigrations()).map((m) => m.name));
      } catch (e) {
        return { ok: false, reason: `cannot be read: ${databaseProblem(e)}` };
      }
      const missing = expected.filter((name) => !applied.has(name));
      if (missing.length > 0) return { ok: false, reason: `not applied: ${missing.join(', ')}` };
      const unknown = [...applied].filter((name) => !expected.includes(name));
      return { ok: true, detail: { applied: expected.length, ...(unknown.length > 0 ? { unknown_to_this_release: unknown } : {}) } };
    },
  };
}
