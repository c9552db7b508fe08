import { normalizeUuid } from '../shared/uuid.js';
/** Which merchants (MixPay payees) may use a wallet: everyone by default, narrowed by allow and deny lists. */
export class PayeePolicy {
  private readonly allow: ReadonlySet<string> | null;
  private readonly deny: ReadonlySet<string>;

  constructor(lists: { allow?: readonly string[] | undefined; deny?: readonly string[] | undefined }) {
    this.allow = lists.allow ? new Set(lists.allow.map(normalizeUuid)) : null;
    this.deny = new Set((lists.deny ?? []).map(normalizeUuid));
  }

  permits(payeeId: string): boolean {
    const id = normalizeUuid(payeeId);
    if (this.deny.has(id)) return false;
    return this.allow === null || this.allow.has(id);
  }
}
