import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';

/**
 * Hands adapters the EntityManager to use: the open transaction's when inside `run`, otherwise a
 * fresh fork. That is how a repository and the reservation ledger called from one use-case step
 * join the same transaction without passing it around.
 */
export class DbContext implements UnitOfWork {
  private readonly current = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly orm: MikroORM) {}

  em(): EntityManager {
    return this.current.getStore() ?? this.orm.em.fork();
  }

  inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work(); // already inside: join it
    return this.orm.em.fork().transactional((em) => this.current.run(em, work));
  }
}
