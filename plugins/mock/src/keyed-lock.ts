/*
 * Serialises work per key inside this process. The plugin store has no compare-and-set, so
 * "read, decide, write" sequences (create once per trade, settle once per payment) would race
 * on a double click or a concurrent retry without it.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(() => work());
    // The tail must never reject, or the next caller would inherit someone else's failure.
    const tail = current.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
