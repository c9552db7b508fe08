import { DASHED_UUID } from '../shared/uuid.js';
/**
 * MixPay returns an order's money with a memo naming the order. Current form, base64 of
 * `RF|<trace_id>|<code>` (also read as plain text); older form, `RESULT|TRACE|SOURCE|TYPE|CODE` (e.g. `1|<trace>|SN|RF|<code>`).
 */
export interface MixPayRefundMemo {
  readonly traceId: string;
  readonly code: string;
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The refund a memo announces, or null when the memo is not a MixPay refund. */
export function parseMixPayRefundMemo(memo: string): MixPayRefundMemo | null {
  const trimmed = memo.trim();
  // MixPay sends base64; the same text unencoded costs nothing to accept ("|" is never base64).
  const text = trimmed.includes('|') ? trimmed : decodeBase64(trimmed);
  if (text === null) return null;
  const parts = text.split('|');
  if (parts.length === 3 && parts[0] === 'RF' && DASHED_UUID.test(parts[1]!) && /^\d+$/.test(parts[2]!)) {
    return { traceId: parts[1]!.toLowerCase(), code: parts[2]! };
  }
  if (parts.length === 5 && parts[3] === 'RF' && DASHED_UUID.test(parts[1]!) && /^\d+$/.test(parts[4]!)) {
    return { traceId: parts[1]!.toLowerCase(), code: parts[4]! };
  }
  return null;
}

function decodeBase64(text: string): string | null {
  if (!BASE64.test(text)) return null;
  const decoded = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64').toString('utf8');
  return decoded.includes('\uFFFD') ? null : decoded;
}
