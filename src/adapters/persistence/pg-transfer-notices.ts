import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../domain/ports/logger.port.js';

/** The channel `PgSettlementQueue.enqueue` notifies, in the transaction that queues the transfer. */
export const TRANSFERS_CHANNEL = 'mixpay_broker_transfers';
const RECONNECT_MS = 2_000;

/** The `pg` client knex hands out as a raw connection: only what listening needs. */
interface RawClient {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', l: () => void): void;
  on(event: 'error' | 'end', l: (e?: Error) => void): void;
  end(): Promise<void>;
}

export interface TransferNotices {
  close(): Promise<void>;
}

/**
 * LISTENs for transfers queued by any broker process on this database and calls `onQueued`.
 * PostgreSQL delivers a NOTIFY only when its transaction commits, so the transfer is claimable
 * by then. A dedicated connection, outside the pool; when it drops, it reconnects, and polling
 * covers the gap.
 */
export async function listenForTransfers(orm: MikroORM, onQueued: () => void, log: Logger): Promise<TransferNotices> {
  let client: RawClient | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    try {
      // knex's raw connection is a plain `pg` client, not one of the pool's.
      const knexClient = orm.em.getConnection().getKnex().client as { acquireRawConnection(): Promise<RawClient> };
      const c = await knexClient.acquireRawConnection();
      c.on('notification', onQueued);
      const lost = (e?: Error) => {
        if (client !== c || closed) return;
        client = null;
        log.warn({ problem: e?.message ?? 'connection ended' }, 'lost the LISTEN connection; polling until it is back');
        schedule();
      };
      c.on('error', lost);
      c.on('end', lost);
      await c.query(`listen ${TRANSFERS_CHANNEL}`);
      if (closed) await c.end();
      else client = c;
    } catch (e) {
      log.warn({ problem: (e as Error).message }, 'cannot LISTEN for queued transfers; polling until it can');
      schedule();
    }
  };
  const schedule = () => {
    if (!closed && !retry) {
      retry = setTimeout(() => {
        retry = null;
        void connect();
      }, RECONNECT_MS);
    }
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
