/** A UUID as the broker stores and compares it: lower case, with dashes. */
export const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A UUID with dashes in either case, as callers and Mixin may write it. */
export const DASHED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 32 hex digits without dashes, as wallet providers carry a trace id (merchantTradeNo). */
export const BARE_HEX_UUID = /^[0-9a-f]{32}$/i;

/** Canonical UUID form: lower case with dashes; 32 bare hex digits are accepted and dashed. Anything else is lower-cased only. */
export function normalizeUuid(id: string): string {
  const hex = BARE_HEX_UUID.test(id) ? id : id.replaceAll('-', '');
  if (!BARE_HEX_UUID.test(hex)) return id.toLowerCase();
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
