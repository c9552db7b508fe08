import { Registry } from 'prom-client';
import type { BrokerMetrics, TransferOutcome, WebhookOutcome } from '../../domain/ports/broker-metrics.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import { createBrokerRegistry, type BrokerSeries } from './broker-registry.js';
import { processRegistry } from './process-registry.js';
import { readScrapeGauges, type ScrapeSources } from './scrape-gauges.js';

/** The label a wallet identifier gets: only configured wallets, so a caller cannot invent series. */
const UNKNOWN_WALLET = 'unknown';

/**
 * The broker's metrics in Prometheus form: the core's events (BrokerMetrics), HTTP requests and
 * worker steps as they happen, and the database-backed gauges read at each scrape.
 */
export class PromBrokerMetrics implements BrokerMetrics {
  private readonly registry: Registry;
  private readonly series: BrokerSeries;

  constructor(
    private readonly sources: ScrapeSources,
    private readonly log: Logger,
  ) {
    ({ registry: this.registry, series: this.series } = createBrokerRegistry());
  }

  orderCreated(wallet: string): void {
    this.series.ordersCreated.inc({ wallet: this.walletLabel(wallet) });
  }

  orderRefused(wallet: string, code: number): void {
    this.series.ordersRefused.inc({ wallet: this.walletLabel(wallet), code: String(code) });
  }

  webhookReceived(wallet: string, outcome: WebhookOutcome): void {
    this.series.webhooks.inc({ wallet: this.walletLabel(wallet), outcome });
  }

  transferAttempted(assetId: string, outcome: TransferOutcome, paidAt: Date, at: Date): void {
    this.series.transfers.inc({ asset_id: assetId, outcome });
    if (outcome !== 'settled') return;
    this.series.paymentToBroadcast.observe({ asset_id: assetId }, Math.max(0, at.getTime() - paidAt.getTime()) / 1000);
  }

  /** One answered request; `route` is the route pattern, never the raw path. */
  requestAnswered(route: string, method: string, status: number, seconds: number): void {
    this.series.httpRequests.inc({ route, method, status: String(status) });
    this.series.httpDuration.observe({ route, method }, seconds);
  }

  workerStepSucceeded(worker: string, at: Date): void {
    this.series.workerLastSuccess.set({ worker }, at.getTime() / 1000);
  }

  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;

  /** The text exposition: the database-backed gauges refreshed now, then this broker's series and the process's. */
  async exposition(): Promise<string> {
    await readScrapeGauges(this.series, this.sources, this.log);
    return Registry.merge([this.registry, processRegistry()]).metrics();
  }

  private walletLabel(wallet: string): string {
    return this.sources.isConfiguredWallet(wallet) ? wallet : UNKNOWN_WALLET;
  }
}
