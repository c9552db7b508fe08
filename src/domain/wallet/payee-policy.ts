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

const HEX32 = /^[0-9a-fA-F]{32}$/;

/** Canonical UUID form: lower case with dashes; 32 bare hex digits are accepted and dashed. */
export function normalizeUuid(id: string): string {
  const hex = HEX32.test(id) ? id : id.replaceAll('-', '');
  if (!HEX32.test(hex)) return id.toLowerCase();
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
