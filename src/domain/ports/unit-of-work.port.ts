/**
 * Runs work in one database transaction. Repositories and the treasury's ledger called inside
 * `run` join it, so an order's transition and the reservation or outbox row it implies commit
 * together or not at all.
 */
export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
}
