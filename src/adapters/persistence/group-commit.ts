/*
 * Application-level group commit: calls that arrive while one statement is in flight go together in
 * the next one. No timer: a call on a quiet broker goes at once, and a busy one makes its own
 * batches. Two calls with the same key are never in one statement (one UPDATE … FROM or INSERT …
 * ON CONFLICT would apply only one of them): the second waits for the next. A statement that fails
 * is retried one call at a time, so one bad row fails only its own call.
 */

interface Pending<I, O> {
  readonly item: I;
  readonly resolve: (out: O) => void;
  readonly reject: (e: unknown) => void;
}

export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private flushing = false;

  constructor(
    /** Runs one statement for the items; answers one outcome per item, in their order. */
    private readonly write: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly keyOf: (item: I) => string,
    private readonly maxBatch: number,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) await this.flush(this.takeBatch());
    } finally {
      this.flushing = false;
    }
  }

  private takeBatch(): Pending<I, O>[] {
    const batch: Pending<I, O>[] = [];
    const rest: Pending<I, O>[] = [];
    const seen = new Set<string>();
    for (const p of this.queue) {
      const key = this.keyOf(p.item);
      if (batch.length < this.maxBatch && !seen.has(key)) {
        seen.add(key);
        batch.push(p);
      } else rest.push(p);
    }
    this.queue = rest;
    return batch;
  }

  private async flush(batch: readonly Pending<I, O>[]): Promise<void> {
    let outs: readonly O[];
    try {
      outs = await this.write(batch.map((p) => p.item));
    } catch (e) {
      if (batch.length === 1) return batch[0]!.reject(e);
      for (const p of batch) await this.flush([p]);
      return;
    }
    batch.forEach((p, i) => p.resolve(outs[i]!));
  }
}
