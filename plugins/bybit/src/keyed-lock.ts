/*
 * Serialises work per key inside this process, so a concurrent retry of one checkout waits for the
 * first instead of racing it to Bybit (where it would meet 400620 before the first answer is stored).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(() => work());
    // The tail never rejects, or the next caller would inherit someone else's failure.
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
