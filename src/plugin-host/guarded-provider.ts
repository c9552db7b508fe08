import type { Logger } from '../domain/ports/logger.port.js';
import type { WalletPluginInstance } from '../plugin-api/plugin.js';

/** Counts a plugin's consecutive run-time failures (throws, not refusals returned as values). */
export class FailureCounter {
  private consecutive = 0;
  /** Sticks once set: only an operator's enable (`reset`) puts the wallet back, not a lucky success. */
  private trippedFlag = false;

  constructor(
    private readonly threshold: number,
    private readonly onTrip: (failures: number) => void,
  ) {}

  get failures(): number {
    return this.consecutive;
  }

  get tripped(): boolean {
    return this.trippedFlag;
  }

  succeeded(): void {
    this.consecutive = 0;
  }

  failed(): void {
    this.consecutive += 1;
    if (this.consecutive >= this.threshold && !this.trippedFlag) {
      this.trippedFlag = true;
      this.onTrip(this.consecutive);
    }
  }

  reset(): void {
    this.consecutive = 0;
    this.trippedFlag = false;
  }
}

const METHODS = ['createCheckout', 'verifyWebhook', 'queryPayment', 'closePayment', 'refund'] as const;

/**
 * Wraps a plugin's provider so every exception it throws is counted and logged with its wallet
 * before it propagates; callers already turn a throw into a failed step.
 */
export function guardProvider(
  provider: WalletPluginInstance,
  counter: FailureCounter,
  log: Logger,
  inContext: <T>(work: () => T) => T = (work) => work(),
): WalletPluginInstance {
  const guarded: Record<string, unknown> = {
    routes: provider.routes?.map((r) => ({ ...r, handle: (req: never) => inContext(() => r.handle(req)) })),
  };
  for (const method of METHODS) {
    const original = provider[method].bind(provider) as (arg: never) => Promise<unknown>;
    guarded[method] = async (arg: never) => {
      try {
        const result = await inContext(() => original(arg));
        counter.succeeded();
        return result;
      } catch (e) {
        counter.failed();
        log.error({ method, err: e, consecutive_failures: counter.failures }, 'wallet plugin threw');
        throw e;
      }
    };
  }
  return guarded as unknown as WalletPluginInstance;
}
