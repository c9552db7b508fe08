import type { CheckoutLinks } from '../../domain/order/checkout-links.js';
import { Order } from '../../domain/order/order.js';
import { differingTerms, type OrderTerms } from '../../domain/order/order-terms.js';
import type { BrokerLinks } from '../../domain/ports/broker-links.port.js';
import type { BrokerMetrics } from '../../domain/ports/broker-metrics.port.js';
import type { AssetTerms } from '../../domain/wallet/asset-terms.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { Notifier } from '../../domain/ports/notifier.port.js';
import type { OrderAdmission } from '../../domain/ports/order-admission.port.js';
import { ConcurrentOrderUpdate, type OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { ActiveWallet, WalletRegistry } from '../../domain/ports/wallet-registry.port.js';
import { isOutage, type CheckoutCreated, type WalletFailure } from '../../domain/ports/wallet-provider.port.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { noPermission, parameterError, unavailable, type MixPayError } from './mixpay-error.js';
import type { WorkerPolicies } from '../shared/worker-policies.js';

/** Bounds on what one anonymous create_order caller can hold (config `mixpay`). */
export interface OrderLimits {
  /** Unfinished orders (balance still reserved) one payee may hold at once. */
  readonly maxOpenOrdersPerPayee: number;
}

export interface CreateOrderDeps {
  readonly orders: OrderRepository;
  /** Stores the order with its reservation, checking the balance and the payee bound (batched). */
  readonly admission: OrderAdmission;
  readonly wallets: WalletRegistry;
  readonly links: BrokerLinks;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly log: Logger;
  readonly policies: WorkerPolicies;
  readonly limits: OrderLimits;
  readonly metrics: BrokerMetrics;
}

/**
 * MixPay's create_order. The order and its balance reservation are stored in one transaction (shared
 * with the concurrent orders of the same asset, see OrderAdmission)
 * before the wallet is asked for a checkout, so a crash leaves a `creating` order that a retry
 * of the same request completes (wallet checkouts are idempotent on the merchant trade number).
 */
export class CreateOrder {
  constructor(private readonly d: CreateOrderDeps) {}

  async execute(terms: OrderTerms): Promise<Result<CheckoutLinks, MixPayError>> {
    // No lookup first: the admission's insert tells a repeated trace id apart (the common case is new).
    const checked = this.check(terms);
    if (!checked.ok) {
      // A repeat gets its first answer even if the wallet or its limits have changed since.
      const existing = await this.d.orders.findByTraceId(terms.traceId);
      return existing ? this.answerRepeat(existing, terms) : err(checked.error);
    }
    const { wallet, asset } = checked.value;

    const order = Order.open(terms, asset.fee.feeOn(terms.amount), asset.currency, this.d.clock.now());
    const admission = await this.d.admission.admit(order, this.d.limits.maxOpenOrdersPerPayee);
    if (admission === 'insufficient_balance') return this.refuseUncovered(terms);
    if (admission === 'too_many_open') return this.refuseTooManyOpen(terms);
    if (admission === 'duplicate') {
      // The trace id was used before (or a concurrent request with it won the insert).
      const winner = await this.d.orders.findByTraceId(terms.traceId);
      return winner ? this.answerRepeat(winner, terms) : err(unavailable());
    }
    return this.openCheckout(order, wallet);
  }

  /** The wallet and asset the terms ask for, when they are on offer and the terms fit them. */
  private check(terms: OrderTerms): Result<{ wallet: ActiveWallet; asset: AssetTerms }, MixPayError> {
    const wallet = this.d.wallets.active(terms.wallet);
    if (!wallet) return err(parameterError('wallet', 'is not an enabled wallet identifier'));
    if (!wallet.instance.payees.permits(terms.payeeId)) return err(noPermission());
    const asset = wallet.instance.assets.get(terms.assetId);
    if (!asset) return err(parameterError('asset_id', `is not offered by wallet ${terms.wallet}`));
    if (terms.amount.lt(asset.min)) return err(parameterError('amount', `is below the minimum ${asset.min}`));
    if (terms.amount.gt(asset.max)) return err(parameterError('amount', `is above the maximum ${asset.max}`));
    return ok({ wallet, asset });
  }

  private refuseUncovered(terms: OrderTerms): Result<never, MixPayError> {
    this.d.log.warn({ asset_id: terms.assetId, amount: terms.amount.toString() }, 'order refused: balance cannot cover it');
    void this.d.notifier.notify({
      key: `insufficient-balance:${terms.assetId}`,
      severity: 'warning',
      message: `Refused an order with 11002: the balance of ${terms.assetId} cannot cover ${terms.amount}`,
      details: { asset_id: terms.assetId, amount: terms.amount.toString(), wallet: terms.wallet },
    });
    return err(unavailable());
  }

  private refuseTooManyOpen(terms: OrderTerms): Result<never, MixPayError> {
    const max = this.d.limits.maxOpenOrdersPerPayee;
    this.d.log.warn({ payee_id: terms.payeeId, max_open_orders: max }, 'order refused: payee holds too many open orders');
    void this.d.notifier.notify({
      key: `open-orders-per-payee:${terms.payeeId}`,
      severity: 'warning',
      message: `Refused an order with 11002: payee ${terms.payeeId} already holds ${max} open orders (mixpay.maxOpenOrdersPerPayee)`,
      details: { payee_id: terms.payeeId, max_open_orders: String(max), wallet: terms.wallet },
    });
    return err(unavailable());
  }

  /** The same trace id again: the first answer when the fields match, an error when they don't. */
  private async answerRepeat(order: Order, terms: OrderTerms): Promise<Result<CheckoutLinks, MixPayError>> {
    const diffs = differingTerms(order.terms, terms);
    if (diffs.length > 0) {
      return err(parameterError('trace_id', `was already used with a different ${diffs.join(', ')}`));
    }
    if (order.links) return ok(order.links);
    if (order.status !== 'creating') return err(unavailable());
    const wallet = this.d.wallets.active(order.wallet);
    if (!wallet) return err(unavailable());
    return this.openCheckout(order, wallet);
  }

  private async openCheckout(order: Order, wallet: ActiveWallet): Promise<Result<CheckoutLinks, MixPayError>> {
    const created = await this.askWallet(order, wallet);
    const now = this.d.clock.now();
    try {
      if (created.ok) {
        order.attachCheckout(
          {
            links: {
              checkoutUrl: created.value.checkoutUrl,
              deepLink: created.value.deepLink,
              universalUrl: created.value.universalUrl,
            },
            paymentId: created.value.paymentId,
            providerData: { ...(created.value.providerData ?? {}) },
          },
          now,
        );
        // If the webhook is lost, the wallet is asked about this order on a schedule.
        order.scheduleCheck(new Date(order.createdAt.getTime() + (this.d.policies.checkAfterSeconds[0] ?? 60) * 1000), false);
        await this.d.orders.save(order); // one atomic statement
        this.d.metrics.orderCreated(order.wallet);
        return ok(order.links!);
      }
      // An outage is reported once per incident by the plugin host; a refusal is about this order.
      this.d.log[isOutage(created.error) ? 'debug' : 'warn'](
        { reason: created.error.reason, provider_code: created.error.providerCode, detail: created.error.message },
        'wallet refused to create a checkout',
      );
      order.fail(`wallet checkout failed: ${created.error.reason}`, now);
      await this.d.orders.save(order); // releases the reservation with it
      return err(unavailable());
    } catch (e) {
      if (!(e instanceof ConcurrentOrderUpdate)) throw e;
      // A parallel retry finished the order first: answer what it stored.
      const current = await this.d.orders.findByTraceId(order.traceId);
      return current?.links ? ok(current.links) : err(unavailable());
    }
  }

  private async askWallet(order: Order, wallet: ActiveWallet): Promise<Result<CheckoutCreated, WalletFailure>> {
    const t = order.terms;
    try {
      return await wallet.provider.createCheckout({
        wallet: t.wallet,
        traceId: t.traceId,
        merchantTradeNo: order.merchantTradeNo,
        assetId: t.assetId,
        currency: order.currency,
        amount: t.amount.toString(),
        fee: order.fee.toString(),
        payAmount: order.payAmount.toString(),
        memo: t.memo,
        expiresAt: t.expiredAt,
        returnUrl: this.d.links.returnUrl(t.traceId),
        webhookUrl: this.d.links.webhookUrl(t.wallet),
      });
    } catch (e) {
      // A plugin that throws is a failed checkout, not a crashed request.
      // The plugin host has logged the exception, with its stack, once per incident.
      this.d.log.debug({ problem: (e as Error).message }, 'wallet plugin threw while creating a checkout');
      return err({ reason: 'unavailable', message: 'plugin threw', retryable: true });
    }
  }
}
