import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { WALLET_GAUGE_STATES } from './wallet-gauge-state.js';

export const PREFIX = 'mixpay_broker_';

/** Request times: most answers take milliseconds; a wallet call can take seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Payment to broadcast: a second when all is well, minutes to hours through retries and operator action. */
const SETTLEMENT_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 14_400, 86_400];

/**
 * Every series the broker exposes, in one registry per broker (tests run many brokers in one
 * process, and each must count only its own). The README's metrics table describes the same list.
 */
export function createBrokerRegistry() {
  const registry = new Registry();
  const registers = [registry];
  const series = {
    httpRequests: new Counter({
      name: `${PREFIX}http_requests_total`,
      help: 'HTTP requests answered, by route pattern (never the raw path), method and status.',
      labelNames: ['route', 'method', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time from receiving a request to its answer, by route pattern and method.',
      labelNames: ['route', 'method'] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    ordersCreated: new Counter({
      name: `${PREFIX}orders_created_total`,
      help: 'Orders stored with a checkout, by wallet (a repeated create_order is not counted again).',
      labelNames: ['wallet'] as const,
      registers,
    }),
    ordersRefused: new Counter({
      name: `${PREFIX}orders_refused_total`,
      help: 'create_order answers with an error code (11000, 11001, 11002), by wallet ("unknown" for a wallet not configured) and code.',
      labelNames: ['wallet', 'code'] as const,
      registers,
    }),
    webhooks: new Counter({
      name: `${PREFIX}webhooks_total`,
      help: 'Wallet webhooks by wallet and outcome: accepted, duplicate (already applied), refused (bad signature, stale, unknown wallet).',
      labelNames: ['wallet', 'outcome'] as const,
      registers,
    }),
    transfers: new Counter({
      name: `${PREFIX}settlement_transfers_total`,
      help: 'Transfer attempts to MixPay by asset and outcome: settled, retrying (failed, will retry) or failed (for good).',
      labelNames: ['asset_id', 'outcome'] as const,
      registers,
    }),
    paymentToBroadcast: new Histogram({
      name: `${PREFIX}settlement_payment_to_broadcast_seconds`,
      help: 'Time from an order being paid to its transfer to MixPay being broadcast, by asset.',
      labelNames: ['asset_id'] as const,
      buckets: SETTLEMENT_BUCKETS,
      registers,
    }),
    outboxDepth: new Gauge({
      name: `${PREFIX}outbox_depth`,
      help: 'Work not yet done, read from the database at scrape: queue "settlement" (transfers to MixPay) or "refunds" (to payers).',
      labelNames: ['queue'] as const,
      registers,
    }),
    outboxOldestAge: new Gauge({
      name: `${PREFIX}outbox_oldest_age_seconds`,
      help: 'Age of the oldest unfinished row of each queue, read from the database at scrape (0 when the queue is empty).',
      labelNames: ['queue'] as const,
      registers,
    }),
    assetBalance: new Gauge({
      name: `${PREFIX}asset_balance`,
      help: "The bot's balance of an asset, in the asset's units, from the ledger at scrape.",
      labelNames: ['asset_id'] as const,
      registers,
    }),
    assetReserved: new Gauge({
      name: `${PREFIX}asset_reserved`,
      help: "What open orders have reserved out of the balance, in the asset's units, from the ledger at scrape.",
      labelNames: ['asset_id'] as const,
      registers,
    }),
    assetAvailable: new Gauge({
      name: `${PREFIX}asset_available`,
      help: "Balance minus reservations: what can still be promised, in the asset's units, from the ledger at scrape.",
      labelNames: ['asset_id'] as const,
      registers,
    }),
    databaseScrapeUp: new Gauge({
      name: `${PREFIX}database_scrape_success`,
      help: '1 when the outbox and ledger series above could be read from the database at this scrape, 0 when not.',
      registers,
    }),
    walletState: new Gauge({
      name: `${PREFIX}wallet_state`,
      help: `One series per wallet and state, 1 for the state the wallet is in: ${WALLET_GAUGE_STATES.join(', ')}.`,
      labelNames: ['wallet', 'state'] as const,
      registers,
    }),
    workerLastSuccess: new Gauge({
      name: `${PREFIX}worker_last_success_timestamp_seconds`,
      help: 'Unix time of the last step of each background worker that ran without an error.',
      labelNames: ['worker'] as const,
      registers,
    }),
  };
  return { registry, series };
}

export type BrokerSeries = ReturnType<typeof createBrokerRegistry>['series'];
