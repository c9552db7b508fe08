import { AsyncLocalStorage } from 'node:async_hooks';

type Fields = Record<string, string>;

const storage = new AsyncLocalStorage<Fields>();

/**
 * Fields every log line written while serving one request (or one plugin call) carries:
 * `request_id`, `trace_id`, `wallet`. The logger reads them here, so use-cases and plugins need
 * not pass them along, and no line of a request can forget them.
 */
export const logContext = {
  /** Runs `work` with these fields (on top of the ones already in force). */
  run<T>(fields: Fields, work: () => T): T {
    return storage.run({ ...storage.getStore(), ...fields }, work);
  },
  /** Adds fields for the rest of the current request. */
  add(fields: Fields): void {
    const store = storage.getStore();
    if (store) Object.assign(store, fields);
  },
  current(): Fields {
    return storage.getStore() ?? {};
  },
};
