import type { Amount } from '../money/amount.js';

/** The fields of MixPay's create_order request, validated. Two requests are "the same" when these are equal. */
export interface OrderTerms {
  readonly traceId: string;
  readonly payeeId: string;
  readonly wallet: string;
  readonly assetId: string;
  readonly amount: Amount;
  readonly memo: string;
  readonly expiredAt: Date;
  readonly returnUrl: string;
  readonly opponentId: string;
}

/** The names of the fields that differ, for an idempotency error that says what changed. */
export function differingTerms(a: OrderTerms, b: OrderTerms): string[] {
  const diffs: string[] = [];
  if (a.payeeId !== b.payeeId) diffs.push('payee_id');
  if (a.wallet !== b.wallet) diffs.push('wallet');
  if (a.assetId !== b.assetId) diffs.push('asset_id');
  if (!a.amount.eq(b.amount)) diffs.push('amount');
  if (a.memo !== b.memo) diffs.push('memo');
  if (a.expiredAt.getTime() !== b.expiredAt.getTime()) diffs.push('expired_at');
  if (a.returnUrl !== b.returnUrl) diffs.push('return_url');
  if (a.opponentId !== b.opponentId) diffs.push('opponent_id');
  return diffs;
}
