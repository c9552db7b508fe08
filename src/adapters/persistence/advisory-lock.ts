import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * A lock shared by every broker process on one database: a transaction-scoped PostgreSQL advisory
 * lock held while `work` runs. Used so that instances starting together apply migrations once (Mixin
 * outputs need none: the output pool claims them row by row).
 * `work` must not use the database through the caller's context (the lock's transaction is its own).
 */
export function advisoryLock(orm: MikroORM) {
  return <T>(key: string, work: () => Promise<T>): Promise<T> =>
    orm.em.fork().transactional(async (em) => {
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`mixpay-broker:${key}`]);
      return work();
    });
}
