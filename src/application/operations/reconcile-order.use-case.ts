import type { Order } from '../../domain/order/order.js';
import type { OrderStatus } from '../../domain/order/order-status.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { PaymentStatus } from '../../domain/ports/wallet-provider.port.js';

/** Asks the wallet about one order and applies a definite answer (ExpireAndReconcile does). */
export interface WalletReconciler {
  reconcileNow(order: Order): Promise<PaymentStatus['state'] | null>;
}

export interface ReconcileOrderDeps {
  readonly orders: OrderRepository;
  readonly reconciler: WalletReconciler;
}

/**
 * Statuses whose payment the wallet may know better than we do: still waiting (a lost webhook), or
 * given up on (a payment that came late is then refunded, as a late webhook would make it).
 */
const RECONCILABLE: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['awaiting_payment', 'expired', 'failed']);

export type ReconcileOrderResult =
  | { readonly result: 'not_found' }
  | { readonly result: 'not_reconcilable'; readonly status: OrderStatus }
  | { readonly result: 'wallet_unavailable'; readonly status: OrderStatus }
  | {
      readonly result: 'reconciled';
      readonly walletSays: PaymentStatus['state'];
      readonly before: OrderStatus;
      readonly status: OrderStatus;
    };

/** An operator's "reconcile now": the order's wallet is asked about it at once, not at the next scheduled check. */
export class ReconcileOrder {
  constructor(private readonly d: ReconcileOrderDeps) {}

  async execute(traceId: string): Promise<ReconcileOrderResult> {
    const order = await this.d.orders.findByTraceId(traceId);
    if (!order) return { result: 'not_found' };
    if (!RECONCILABLE.has(order.status)) return { result: 'not_reconcilable', status: order.status };
    const walletSays = await this.d.reconciler.reconcileNow(order);
    if (walletSays === null) return { result: 'wallet_unavailable', status: order.status };
    const after = await this.d.orders.findByTraceId(traceId);
    return { result: 'reconciled', walletSays, before: order.status, status: after?.status ?? order.status };
  }
}
