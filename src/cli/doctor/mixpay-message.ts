import type { BrokerConfigFile, WalletConfig } from '../../config/broker-config.schema.js';
import { normalizeUuid } from '../../domain/shared/uuid.js';

/** Who may use a wallet, as PayeePolicy decides it: deny wins over allow; no allow list is everyone. */
export type OpenTo =
  | { readonly kind: 'every'; readonly except: readonly string[] }
  | { readonly kind: 'listed'; readonly payees: readonly string[]; readonly denied: readonly string[] }
  | { readonly kind: 'none'; readonly denied: readonly string[] };

export function openTo(payees: WalletConfig['payees']): OpenTo {
  const deny = [...new Set((payees.deny ?? []).map(normalizeUuid))];
  if (!payees.allow) return { kind: 'every', except: deny };
  const listed = [...new Set(payees.allow.map(normalizeUuid))].filter((p) => !deny.includes(p));
  return listed.length === 0 ? { kind: 'none', denied: deny } : { kind: 'listed', payees: listed, denied: deny };
}

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function describe(o: OpenTo): string {
  switch (o.kind) {
    case 'every':
      return o.except.length === 0
        ? 'open to every payee'
        : `open to every payee except ${count(o.except.length, 'denied payee')}: ${o.except.join(', ')}`;
    case 'listed':
      return `open to ${count(o.payees.length, 'payee')}: ${o.payees.join(', ')}${o.denied.length > 0 ? '; its deny list applied' : ''}`;
    case 'none':
      return 'open to no payee';
  }
}

export interface MixPayMessage {
  readonly apiBaseUrl: string;
  readonly wallets: readonly { readonly wallet: string; readonly openTo: OpenTo }[];
  /** What the operator sends MixPay, line by line (docs/going-live.md, step 5). */
  readonly lines: readonly string[];
}

/** Step 4 of MixPay's broker guide: the API's address and every `wallet` value MixPay should list, with its payees. */
export function mixpayMessage(config: BrokerConfigFile, publicUrl: string): MixPayMessage {
  const wallets = Object.entries(config.wallets)
    .filter(([, w]) => w.enabled)
    .map(([wallet, w]) => ({ wallet, openTo: openTo(w.payees) }));
  const lines = [`API base URL: ${publicUrl}`, ...wallets.map((w) => `wallet: ${w.wallet} (${describe(w.openTo)})`)];
  return { apiBaseUrl: publicUrl, wallets, lines };
}
