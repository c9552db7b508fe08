/**
 * Runs work for one key at a time, in arrival order; different keys run in parallel. In-process
 * only: across processes the caller adds its own lock (see `CrossProcessLock`).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    // The chain holds only `done` promises, which never reject, so one failure cannot stall a key.
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/**
 * Holds a named lock shared by every broker process (e.g. a PostgreSQL advisory lock) while `work`
 * runs, and releases it however `work` ends.
 */
export type CrossProcessLock = <T>(key: string, work: () => Promise<T>) => Promise<T>;
