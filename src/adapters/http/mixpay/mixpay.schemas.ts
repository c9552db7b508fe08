import { z } from 'zod';
import { MIXPAY_CODES } from '../../../application/orders/mixpay-error.js';
import * as rules from './field-rules.js';

/*
 * The shapes of MixPay's two calls: the query assets/range validates with, and the answers the
 * routes write (typed from these schemas, so GET /openapi.json shows what is really sent).
 */

export const assetsRangeQuery = z.object({
  payee_id: rules.payeeIdSchema,
  wallet: rules.walletIdSchema,
});

const decimalText = (description: string, example: string) => z.string().meta({ description, examples: [example] });

export const assetRangeRow = z.object({
  asset_id: z.string().meta({ description: 'A Mixin asset the payee may be paid in through this wallet.' }),
  min: decimalText('Smallest order amount, in the asset (8 decimals).', '0.10000000'),
  max: decimalText('Largest order amount: never above the balance minus what open orders reserved (8 decimals).', '1000.00000000'),
  min_usdt: decimalText('min in USDT (2 decimals).', '0.10'),
  max_usdt: decimalText('max in USDT (2 decimals).', '1000.00'),
  fee: decimalText('The fee rate charged on top of the amount, as a fraction (4 decimals): "0.0100" is 1 %.', '0.0100'),
});
export type AssetRangeRow = z.infer<typeof assetRangeRow>;

export const checkoutLinks = z.object({
  checkout_url: z.string().meta({ description: "The page where the payer pays (the wallet's, or one the broker serves)." }),
  deep_link: z.string().meta({ description: 'Opens the wallet app directly; empty when the wallet has none.' }),
  universal_url: z.string().meta({ description: 'A universal link to the wallet app; empty when the wallet has none.' }),
});
export type CheckoutLinksBody = z.infer<typeof checkoutLinks>;

export const successEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({ code: z.literal(0), success: z.literal(true), message: z.literal(''), data });

export const errorEnvelope = z
  .object({
    code: z.union([z.literal(MIXPAY_CODES.parameter), z.literal(MIXPAY_CODES.permission), z.literal(MIXPAY_CODES.unavailable)]),
    success: z.literal(false),
    message: z.string().meta({
      examples: ['Parameter error: amount has more than 8 decimals.', 'No permission.', 'This payment is unavailable.'],
    }),
    data: z.array(z.never()).max(0),
  })
  .meta({
    description: [
      'A refusal, still HTTP 200. `code` 11000 "Parameter error: …" names every bad field; 11001 "No permission." the payee',
      'is not allowed on this wallet (or the caller is outside mixpay.allowFrom); 11002 "This payment is unavailable." the',
      'balance cannot cover the order, the payee holds too many open orders, or the wallet failed.',
    ].join(' '),
  });

/** MixPay reads only the envelope: every answer is HTTP 200, success or refusal. */
export const envelopeOf = <T extends z.ZodType>(data: T) => z.union([successEnvelope(data), errorEnvelope]);
