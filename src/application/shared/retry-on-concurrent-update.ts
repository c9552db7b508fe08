import { ConcurrentOrderUpdate } from '../../domain/ports/order.repository.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';

const MAX_ATTEMPTS = 3;

/**
 * Runs `work` in one transaction; when another writer saved the order first (optimistic
 * concurrency), runs it again from the start, so it decides on fresh state. Gives up after a few tries.
 */
export async function retryOnConcurrentUpdate<T>(uow: UnitOfWork, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await uow.run(work);
    } catch (e) {
      if (!(e instanceof ConcurrentOrderUpdate) || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}
