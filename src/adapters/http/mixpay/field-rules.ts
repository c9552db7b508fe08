import { z } from 'zod';
import { Amount } from '../../../domain/money/amount.js';
import { PLAIN_DECIMAL, decimalPlaces } from '../../../domain/money/decimal.js';
import { returnUrlProblem, type ReturnUrlPolicy } from '../../../domain/order/return-url-policy.js';
import { BARE_HEX_UUID, DASHED_UUID, normalizeUuid } from '../../../domain/shared/uuid.js';
import { JsonNumber } from '../body.js';

/*
 * The protocol's field rules (protocol-decisions.md) as zod schemas: the same schemas validate the
 * requests and describe them in GET /openapi.json, so the document cannot drift from the checks.
 * Each message is phrased to follow the field's name: "amount has more than 8 decimals". A field
 * reports its first problem only.
 */

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Runs one field's schema: its value, or its first problem. */
export function read<T>(schema: z.ZodType<T>, value: unknown): Read<T> {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: parsed.error.issues[0]?.message ?? 'is invalid' };
}

/**
 * Runs an object's schema (or `parser`, a wrapper of it) and names every bad field with its first
 * problem, in the object's field order: "payee_id is required", "amount has more than 8 decimals".
 */
export function readFields<O extends z.ZodObject, P extends z.ZodType = O>(
  fields: O,
  value: unknown,
  parser?: P,
): { ok: true; value: z.output<P> } | { ok: false; problems: string[] } {
  const parsed = (parser ?? fields).safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data as z.output<P> };
  const problems = Object.keys(fields.shape).flatMap((field) => {
    const issue = parsed.error.issues.find((i) => i.path[0] === field);
    return issue ? [`${field} ${issue.message}`] : [];
  });
  return { ok: false, problems: problems.length > 0 ? problems : ['the body must be an object of fields'] };
}

const UUID_OR_HEX32 = new RegExp(`${DASHED_UUID.source}|${BARE_HEX_UUID.source}`, 'i');
const EXAMPLE_UUID = '3539c3ce-52c0-4b0b-9573-c035ecb98d48';

/** A single text value: arrays (repeated fields), objects and numbers are refused, not coerced. */
const text = () =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'is required' : 'must be a string') })
    .min(1, 'is required')
    // PostgreSQL text cannot store NUL characters.
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters', abort: true });

/** A JSON number arrives as written (JsonNumber, never a float) and is read as its text. */
const asWritten = (value: unknown) => (value instanceof JsonNumber ? value.text : value);

/**
 * An object whose `numeric` fields may also be sent as JSON numbers: those arrive as JsonNumber
 * and are read as their text before the field rules run (any other field sent as a number is
 * refused as not a string).
 */
export function withJsonNumbers<T extends z.ZodType>(numeric: readonly string[], object: T) {
  return z.preprocess((body) => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
    const copy: Record<string, unknown> = { ...body };
    for (const key of numeric) copy[key] = asWritten(copy[key]);
    return copy;
  }, object);
}

export const uuidSchema = text()
  .regex(DASHED_UUID, 'must be a UUID')
  .transform(normalizeUuid)
  .meta({ description: 'A UUID.', examples: [EXAMPLE_UUID] });

/** Payee ids may also be 32 bare hex digits; both spellings name the same payee. */
export const payeeIdSchema = text()
  .regex(UUID_OR_HEX32, 'must be a UUID (32-36 characters)')
  .transform(normalizeUuid)
  .meta({ description: 'The merchant: a UUID, or the same 32 hex digits without dashes.', examples: [EXAMPLE_UUID] });

export const walletIdSchema = text()
  .max(20, 'must be at most 20 characters')
  .meta({ description: 'The wallet identifier MixPay lists (e.g. "binance").', examples: ['mock'] });

/** A plain decimal, as a string or a JSON number written as such (see withJsonNumbers); > 0 and at most 8 decimals. */
export const amountSchema = text()
  .regex(PLAIN_DECIMAL, { message: 'must be a plain decimal number such as "12.5"', abort: true })
  .refine((s) => decimalPlaces(s) <= Amount.DECIMALS, { message: 'has more than 8 decimals', abort: true })
  .refine((s) => !Amount.parse(s).isZero(), 'must be greater than 0')
  .transform((s) => Amount.parse(s))
  .meta({
    type: ['string', 'number'],
    description: 'A plain decimal above 0 with at most 8 decimals, as a string or a JSON number (read as written, never as a float).',
    examples: ['12.5'],
  });

/** At most 200 characters (code points), kept byte for byte. */
export const memoSchema = text()
  .refine((s) => [...s].length <= 200, 'must be at most 200 characters')
  .meta({ maxLength: 200, description: "MixPay's memo, at most 200 characters, kept byte for byte and sent with the transfer." });

/** Values this large are milliseconds sent by mistake (Unix seconds reach 1e11 only in the year 5138). */
const LOOKS_LIKE_MILLISECONDS = 100_000_000_000;

/**
 * Unix seconds (a string, or a JSON number: see withJsonNumbers) in the future, and at most
 * `maxLifetimeSeconds` ahead of `now()`: the order holds its reservation that long.
 */
export function expiredAtSchema(now: () => Date, maxLifetimeSeconds: number) {
  const tooFar = `is more than ${spoken(maxLifetimeSeconds)} ahead`;
  return text()
    .regex(/^\d{1,15}$/, { message: 'must be a Unix timestamp in seconds', abort: true })
    .refine((s) => Number(s) < LOOKS_LIKE_MILLISECONDS, { message: 'must be in seconds, not milliseconds', abort: true })
    .refine((s) => Number(s) * 1000 > now().getTime(), { message: 'is in the past', abort: true })
    .refine((s) => Number(s) * 1000 - now().getTime() <= maxLifetimeSeconds * 1000, tooFar)
    .transform((s) => new Date(Number(s) * 1000))
    .meta({
      type: ['string', 'integer'],
      pattern: '^\\d{1,15}$',
      description: `When the order expires: Unix seconds (not milliseconds), in the future, at most ${spoken(maxLifetimeSeconds)} ahead.`,
      examples: ['1767225600'],
    });
}

/** 86400 → "24 hours", 3600 → "1 hour", 90 → "90 seconds". */
function spoken(seconds: number): string {
  const [n, unit] = seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** At most 200 characters, and a target the return_url policy allows (https, no credentials, allowed host). */
export function returnUrlSchema(policy: ReturnUrlPolicy) {
  const hosts = policy.allowedHosts.length > 0 ? `, on ${policy.allowedHosts.join(', ')}` : '';
  return text()
    .max(200, 'must be at most 200 characters')
    .superRefine((url, ctx) => {
      const problem = returnUrlProblem(url, policy);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({
      format: 'uri',
      description: `Where the payer goes after paying: an ${policy.allowHttp ? 'http(s)' : 'https'} URL without credentials${hosts}.`,
      examples: ['https://mixpay.me/pay/result'],
    });
}

/* The readers the routes call field by field. */
export const uuid = (value: unknown, opts: { allowBareHex?: boolean } = {}): Read<string> =>
  read(opts.allowBareHex ? payeeIdSchema : uuidSchema, value);
export const walletId = (value: unknown): Read<string> => read(walletIdSchema, value);
export const amount = (value: unknown): Read<Amount> => read(amountSchema, asWritten(value));
export const memo = (value: unknown): Read<string> => read(memoSchema, value);
