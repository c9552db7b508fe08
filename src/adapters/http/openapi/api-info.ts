import type { ApiInfo } from './build-openapi.js';

/** The HTTP API's own version: raised when a route or a schema changes in a way callers see. */
export const API_VERSION = '1.0.0';

export function apiInfo(serverUrl: string): ApiInfo {
  return {
    title: 'MixPay multi-wallet broker',
    version: API_VERSION,
    description: [
      "MixPay calls /mixpay/assets/range and /mixpay/create_order; every answer is HTTP 200 with MixPay's envelope",
      '{code, success, message, data}: code 0 with data, or 11000 (parameter error), 11001 (no permission) or 11002',
      '(payment unavailable) with data []. Wallet providers call /webhooks/<wallet>; payers come back through /return/<trace_id>.',
      "Operators use /admin/* with the admin bearer token. Pages a wallet plugin serves under /plugins/<wallet>/ are the plugin's own.",
    ].join(' '),
    serverUrl,
    tags: [
      { name: 'MixPay', description: "MixPay's two calls to a broker." },
      { name: 'Wallets', description: 'What wallet providers and returning payers call.' },
      { name: 'Admin', description: "The operator's API (ADMIN_TOKEN); reachable only from the operators' network." },
      { name: 'Operations', description: 'Health, metrics and this documentation.' },
    ],
  };
}
