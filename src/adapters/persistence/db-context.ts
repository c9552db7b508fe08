import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';
import { RawSql, type SqlSession } from './raw-sql.js';

/** An open transaction: its EntityManager and the statements kept for its end. */
interface OpenTransaction {
  readonly em: EntityManager;
  readonly last: Array<() => Promise<void>>;
}

/**
 * Hands adapters the EntityManager to use: the open transaction's when inside `run`, otherwise a
 * fresh fork. That is how a repository and the reservation ledger called from one use-case step
 * join the same transaction without passing it around.
 */
export class DbContext implements UnitOfWork {
  private readonly current = new AsyncLocalStorage<OpenTransaction>();

  /** Hot statements outside a unit of work: prepared, on the pooled pg client (see raw-sql.ts). */
  readonly raw: RawSql;

  constructor(private readonly orm: MikroORM) {
    this.raw = new RawSql(orm);
  }

  /** Where a hot statement runs: in the open unit of work when there is one, else prepared on its own. */
  sql(): SqlSession {
    const tx = this.current.getStore();
    if (!tx) return this.raw;
    return { rows: <R>(text: string, values: readonly unknown[]) => tx.em.execute<R[]>(text, [...values], 'all') };
  }

  em(): EntityManager {
    return this.current.getStore()?.em ?? this.orm.em.fork();
  }

  inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work(); // already inside: join it
    return this.orm.em.fork().transactional(async (em) => {
      const tx: OpenTransaction = { em, last: [] };
      const result = await this.current.run(tx, work);
      for (const statement of tx.last) await this.current.run(tx, statement);
      return result;
    });
  }

  /**
   * Runs `statement` at the end of the open transaction, just before its commit (at once outside
   * one). For writes to rows many transactions share (an asset's balance): the row lock is then
   * held for the commit alone, not for the rest of the transaction's statements.
   */
  async atCommit(statement: () => Promise<void>): Promise<void> {
    const tx = this.current.getStore();
    if (tx) tx.last.push(statement);
    else await statement();
  }
}
