import { Amount } from '../../../domain/money/amount.js';
import { PLAIN_DECIMAL, decimalPlaces } from '../../../domain/money/decimal.js';
import { returnUrlProblem, type ReturnUrlPolicy } from '../../../domain/order/return-url-policy.js';
import { BARE_HEX_UUID, DASHED_UUID, normalizeUuid } from '../../../domain/shared/uuid.js';
import { JsonNumber } from '../body.js';

/*
 * The protocol's field rules (protocol-decisions.md). Each reader returns the value or a problem
 * phrased to follow the field's name: "amount has more than 8 decimals".
 */

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };
const good = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (problem: string): Read<never> => ({ ok: false, problem });


/** A single text value: arrays (repeated fields), objects and numbers are refused, not coerced. */
function text(value: unknown): Read<string> {
  if (value === undefined || value === null || value === '') return bad('is required');
  if (typeof value !== 'string') return bad('must be a string');
  if (value.includes('\u0000')) return bad('must not contain NUL characters'); // PostgreSQL text cannot store them
  return good(value);
}

export function uuid(value: unknown, opts: { allowBareHex?: boolean } = {}): Read<string> {
  const t = text(value);
  if (!t.ok) return t;
  if (DASHED_UUID.test(t.value) || (opts.allowBareHex && BARE_HEX_UUID.test(t.value))) return good(normalizeUuid(t.value));
  return bad(opts.allowBareHex ? 'must be a UUID (32-36 characters)' : 'must be a UUID');
}

export function walletId(value: unknown): Read<string> {
  const t = text(value);
  if (!t.ok) return t;
  return t.value.length <= 20 ? good(t.value) : bad('must be at most 20 characters');
}

/** A plain decimal, as a string or a JSON number written as such; > 0 and at most 8 decimals. */
export function amount(value: unknown): Read<Amount> {
  const raw = value instanceof JsonNumber ? value.text : value;
  const t = text(raw);
  if (!t.ok) return t;
  if (!PLAIN_DECIMAL.test(t.value)) return bad('must be a plain decimal number such as "12.5"');
  if (decimalPlaces(t.value) > Amount.DECIMALS) return bad('has more than 8 decimals');
  const a = Amount.parse(t.value);
  return a.isZero() ? bad('must be greater than 0') : good(a);
}

export function memo(value: unknown): Read<string> {
  const t = text(value);
  if (!t.ok) return t;
  return [...t.value].length <= 200 ? good(t.value) : bad('must be at most 200 characters');
}

/** Values this large are milliseconds sent by mistake (Unix seconds reach 1e11 only in the year 5138). */
const LOOKS_LIKE_MILLISECONDS = 100_000_000_000;

/** Unix seconds in the future, and at most `maxLifetimeSeconds` ahead: the order holds its reservation that long. */
export function expiredAt(value: unknown, now: Date, maxLifetimeSeconds: number): Read<Date> {
  const raw = value instanceof JsonNumber ? value.text : value;
  const t = text(raw);
  if (!t.ok) return t;
  if (!/^\d{1,15}$/.test(t.value)) return bad('must be a Unix timestamp in seconds');
  const seconds = Number(t.value);
  if (seconds >= LOOKS_LIKE_MILLISECONDS) return bad('must be in seconds, not milliseconds');
  if (seconds * 1000 <= now.getTime()) return bad('is in the past');
  if (seconds * 1000 - now.getTime() > maxLifetimeSeconds * 1000) return bad(`is more than ${spoken(maxLifetimeSeconds)} ahead`);
  return good(new Date(seconds * 1000));
}

/** 86400 → "24 hours", 3600 → "1 hour", 90 → "90 seconds". */
function spoken(seconds: number): string {
  const [n, unit] = seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** At most 200 characters, and a target the return_url policy allows (https, no credentials, allowed host). */
export function returnUrl(value: unknown, policy: ReturnUrlPolicy): Read<string> {
  const t = text(value);
  if (!t.ok) return t;
  if (t.value.length > 200) return bad('must be at most 200 characters');
  const problem = returnUrlProblem(t.value, policy);
  return problem === null ? good(t.value) : bad(problem);
}
