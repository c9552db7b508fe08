import { z } from 'zod';
import { uuidSchema } from './mixpay/field-rules.js';
import type { RouteDoc } from './openapi/route-doc.js';

export const returnDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/return/:traceId',
    tag: 'Wallets',
    summary: "Where a wallet sends the payer back: a redirect to MixPay's return_url",
    description: 'The return_url policy (https, no credentials, allowed hosts) is checked again here, so this is no open redirect.',
    params: z.object({ traceId: uuidSchema }),
    responses: {
      302: { description: "To the order's return_url.", headers: { location: "The order's return_url." } },
      404: { description: 'No such order (or its return_url is no longer allowed).', contentType: 'text/plain' },
    },
  },
];
