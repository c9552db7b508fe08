import { z } from 'zod';
import type { RouteDoc } from '../openapi/route-doc.js';
import { createOrderSchema, type CreateOrderPolicy } from './create-order.request.js';
import { assetRangeRow, assetsRangeQuery, checkoutLinks, envelopeOf } from './mixpay.schemas.js';

const FORM_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** MixPay's two calls, described from the schemas that validate them (with this broker's policy). */
export function mixpayDocs(policy: CreateOrderPolicy, now: () => Date): RouteDoc[] {
  return [
    {
      method: 'GET',
      path: '/mixpay/assets/range',
      tag: 'MixPay',
      summary: 'Which assets a payee may be paid in through a wallet, and how much',
      description: 'An unknown or disabled wallet answers an empty list with code 0. A payee the wallet does not allow answers 11001.',
      query: assetsRangeQuery,
      responses: { 200: { description: 'Always HTTP 200 with the envelope.', body: envelopeOf(z.array(assetRangeRow)) } },
    },
    {
      method: 'POST',
      path: '/mixpay/create_order',
      tag: 'MixPay',
      summary: 'Open a payment at the wallet and answer its checkout links',
      description: [
        'The payer is charged amount + fee (the fee rounded up to 8 decimals); exactly amount goes to MixPay.',
        'The amount is reserved out of the balance atomically with the order, or the answer is 11002.',
        'The same trace_id with the same fields answers the first answer again; with different fields, 11000 naming them.',
        'An unknown or disabled wallet answers 11000 naming wallet. Bodies over 1 MB, other media types and file parts: 11000 naming body.',
      ].join(' '),
      body: { schema: createOrderSchema(policy, now).body, contentTypes: FORM_TYPES },
      responses: { 200: { description: 'Always HTTP 200 with the envelope.', body: envelopeOf(checkoutLinks) } },
    },
  ];
}
