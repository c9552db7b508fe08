import type { MikroORM } from '@mikro-orm/postgresql';

/** The `pg` client knex hands out as a raw connection: only what the lock needs. */
interface RawClient {
  query(sql: string, values: unknown[]): Promise<unknown>;
  on(event: 'error', l: (e: Error) => void): void;
  end(): Promise<void>;
}

/**
 * A lock shared by every broker process on one database: a session-level PostgreSQL advisory lock
 * held, on a dedicated connection outside the pool, while `work` runs. Used so that instances
 * starting together apply migrations once (Mixin outputs need none: the output pool claims them
 * row by row).
 * Not a transaction-scoped lock: `work` (the migrator) uses other connections, and a server that
 * serves all its clients in one session (the embedded one, pglite-socket) runs nobody else's
 * statements while a transaction is open, so `work` would wait for the lock's transaction forever.
 */
export function advisoryLock(orm: MikroORM) {
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const knexClient = orm.em.getConnection().getKnex().client as { acquireRawConnection(): Promise<RawClient> };
    const c = await knexClient.acquireRawConnection();
    // A dropped connection rejects the pending query; without a listener, pg would throw it from an event.
    c.on('error', () => undefined);
    const args = [`mixpay-broker:${key}`];
    try {
      await c.query('select pg_advisory_lock(hashtext($1))', args);
      return await work();
    } finally {
      // Closing the session releases the lock on PostgreSQL; the embedded server's one session outlives
      // its connections, so unlock explicitly first.
      await c.query('select pg_advisory_unlock(hashtext($1))', args).catch(() => undefined);
      await c.end().catch(() => undefined);
    }
  };
}
