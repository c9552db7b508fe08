/**
 * Runs at most `limit` pieces of work per key at once; the rest wait their turn in arrival order.
 * Different keys do not wait for each other.
 */
export class KeyedLimiter {
  private readonly active = new Map<string, number>();
  private readonly queued = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    if ((this.active.get(key) ?? 0) >= this.limit) {
      await new Promise<void>((resolve) => {
        const q = this.queued.get(key) ?? [];
        q.push(resolve);
        this.queued.set(key, q);
      });
    } else {
      this.active.set(key, (this.active.get(key) ?? 0) + 1);
    }
    try {
      return await work();
    } finally {
      const next = this.queued.get(key)?.shift();
      // The slot passes straight to the next in line, so `active` stays as it is.
      if (next) next();
      else {
        const n = (this.active.get(key) ?? 1) - 1;
        if (n === 0) this.active.delete(key);
        else this.active.set(key, n);
        this.queued.delete(key);
      }
    }
  }
}
