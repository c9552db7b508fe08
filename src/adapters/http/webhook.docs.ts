import { z } from 'zod';
import type { RouteDoc } from './openapi/route-doc.js';

const problem = z.object({ error: z.string() });

export const webhookDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/webhooks/:wallet',
    tag: 'Wallets',
    summary: "A wallet provider's notification, verified by that wallet's plugin",
    description: [
      "The raw body and headers go to the wallet's plugin, which checks the provider's signature and freshness before",
      "anything is parsed or stored. A verified event is stored once, with the order's transition, before the",
      "provider's expected acknowledgement is sent; a replay is acknowledged and changes nothing.",
    ].join(' '),
    params: z.object({ wallet: z.string().meta({ description: 'The wallet identifier the webhook URL was handed out for.' }) }),
    body: { schema: z.unknown().meta({ description: "The provider's own format, verified over the raw bytes." }), contentTypes: ['*/*'] },
    responses: {
      200: { description: "The provider's expected acknowledgement (its status, media type and body are the plugin's)." },
      400: { description: 'Not a notification the plugin can read.', body: problem },
      401: { description: 'Bad or stale signature; nothing changed.', body: problem },
      404: { description: 'No wallet of that identifier is serving.', body: problem },
      503: { description: 'The plugin could not verify it now (its key server or store is down); the provider retries.', body: problem },
    },
  },
];
