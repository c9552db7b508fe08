/**
 * Runs async work one at a time per key (per payment, per trade number), in arrival order, inside one
 * process, so a double click or two concurrent retries cannot interleave; a failure does not stall
 * the key. Across processes a plugin uses the store's atomic `putIfAbsent`. The host's Mixin
 * transfers use this lock too (adapters may import the plugin API, the API imports nothing back).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
