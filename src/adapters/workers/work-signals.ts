import type { WorkSignal } from '../../domain/ports/work-signal.port.js';

/**
 * The in-process side of `WorkSignal`: the use-cases raise it, the workers (built after the
 * container) listen. Other processes hear of queued transfers through PostgreSQL's NOTIFY.
 */
export class WorkSignals implements WorkSignal {
  private readonly listeners = new Set<() => void>();

  transfersQueued(): void {
    for (const l of this.listeners) l();
  }

  /** Returns the way to stop listening. */
  onTransfersQueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
