import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | null = null;

/**
 * Node's process metrics (CPU, memory, event loop lag, GC, handles) under their standard names
 * (`process_*`, `nodejs_*`), so stock dashboards read them. They describe the process, not a
 * broker, so one registry serves every broker in it: collecting them again per broker would start
 * another event-loop monitor and GC observer each time, never stopped.
 */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
