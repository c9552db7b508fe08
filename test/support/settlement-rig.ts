import { expect } from 'chai';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { ADMIN_BEARER, orderView } from './admin-orders.js';
import { pressOnCheckout } from './checkout.js';
import { placeOrder, type PlacedOrder } from './orders.js';
import { openSettlementDb, type SettlementDb } from './settlement-db.js';
import { settlementSteps, type SettlementSteps } from './settlement-steps.js';
import { startTestBroker, type TestBroker } from './test-broker.js';
import type { TestClock } from './test-clock.js';

/*
 * One broker on the sandbox treasury for the settlement tests, with what they all use: the admin
 * API, direct SQL, and the background steps to run by hand. Orders are placed with orderRequest()'s
 * defaults (10 USDT on the mock wallet, whose USDT fee is 1 %) unless a test says otherwise.
 */

export interface SettlementRig {
  readonly t: TestBroker;
  readonly url: string;
  readonly db: SettlementDb;
  readonly steps: SettlementSteps;
  /** Present when the rig was started with one. */
  readonly clock: TestClock | undefined;
  close(): Promise<void>;
}

export interface RigOptions {
  readonly config?: BrokerConfigInput;
  readonly clock?: TestClock;
  readonly workers?: boolean;
}

export async function startSettlementRig(options: RigOptions = {}): Promise<SettlementRig> {
  const t = await startTestBroker({
    adminToken: ADMIN_BEARER,
    ...(options.config ? { config: options.config } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    workers: options.workers ?? false,
  });
  const db = await openSettlementDb();
  return {
    t,
    url: t.url,
    db,
    steps: settlementSteps(t),
    clock: options.clock,
    async close() {
      await db.close();
      await t.close();
    },
  };
}

/** `expired_at` for create_order: `seconds` after the rig's clock (or the real clock). */
export function expiresIn(rig: SettlementRig, seconds: number): string {
  const now = rig.clock?.now() ?? new Date();
  return String(Math.floor(now.getTime() / 1000) + seconds);
}

/** An order placed and paid on the mock checkout page (the Pay form, over HTTP). */
export async function paidOnCheckout(rig: SettlementRig, overrides: Record<string, unknown> = {}): Promise<PlacedOrder> {
  const order = await placeOrder(rig.url, { expired_at: expiresIn(rig, 900), ...overrides });
  const pressed = await pressOnCheckout(order, 'pay');
  expect(pressed.status, 'Pay answers a redirect').to.equal(303);
  return order;
}

/** An order paid on the checkout page and settled by one run of the settlement step. */
export async function settledOrder(rig: SettlementRig, overrides: Record<string, unknown> = {}): Promise<PlacedOrder> {
  const order = await paidOnCheckout(rig, overrides);
  await rig.steps.settle();
  const status = (await orderView(rig.url, order.traceId)).status;
  if (status !== 'settled') throw new Error(`fixture: order ${order.traceId} is ${status} after settlement, not settled`);
  return order;
}

/** The sandbox transfers made for one order (by request id = trace id). */
export async function transfersOf(rig: SettlementRig, traceId: string) {
  return (await rig.db.sandboxTransfers()).filter((row) => row.request_id === traceId);
}
