import { isOutage, type WalletFailure } from '../domain/ports/wallet-provider.port.js';
import type { WalletPluginInstance } from '../plugin-api/plugin.js';
import { hosted, type HostedProvider } from './provider-contract.js';
import type { ProviderIncidents } from './provider-incidents.js';

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

/** The problem of a returned failure that says the provider is down or slow, else null. */
const outageOf = (result: unknown): string | null => {
  const r = result as { ok?: boolean; error?: { reason: WalletFailure['reason']; message?: string } } | null;
  if (!r || r.ok !== false || !r.error || !isOutage(r.error)) return null;
  return `${r.error.reason}: ${r.error.message ?? ''}`;
};

/**
 * Wraps a plugin's provider so the host reports its faults, and serves it as the domain's port
 * (provider-contract.ts): every exception it throws is counted (towards tripping the wallet) and
 * propagates, since callers already turn a throw into a failed step; throws and outages (a failure
 * with reason `unavailable` or `timeout`) are written once per incident and method, not once per
 * call, and the incident closes when the method works again.
 */
export function guardProvider(
  provider: WalletPluginInstance,
  counter: FailureCounter,
  incidents: ProviderIncidents,
  inContext: <T>(work: () => T) => T = (work) => work(),
): HostedProvider {
  const guarded: Record<string, unknown> = {
    routes: provider.routes?.map((r) => ({ ...r, handle: (req: never) => inContext(() => r.handle(req)) })),
  };
  for (const method of METHODS) {
    const original = provider[method].bind(provider) as (arg: never) => Promise<unknown>;
    guarded[method] = async (arg: never) => {
      const started = incidents.now();
      try {
        const result = await inContext(() => original(arg));
        counter.succeeded();
        const outage = outageOf(result);
        if (outage) incidents.outage(method, outage);
        else incidents.working(method, started);
        return result;
      } catch (e) {
        counter.failed();
        incidents.threw(method, e, counter.failures);
        throw e;
      }
    };
  }
  return hosted(guarded as unknown as WalletPluginInstance);
}
