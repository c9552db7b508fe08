import type { Broker } from '../../src/wiring/composition-root.js';
import { formsOf, submitForm, type PageForm } from './browser.js';
import type { PlacedOrder } from './orders.js';

/** What pressing a button on the mock wallet's checkout page answered. */
export interface Pressed {
  readonly status: number;
  /** Where the browser is sent next (the broker's return route), or null. */
  readonly location: string | null;
}

/** The Pay and Fail forms of an order's checkout page, read over HTTP like a browser would. */
export async function checkoutForms(order: PlacedOrder): Promise<{ pay: PageForm | undefined; fail: PageForm | undefined }> {
  const res = await fetch(order.links.checkout_url);
  if (res.status !== 200) throw new Error(`checkout page of ${order.traceId} answered ${res.status}`);
  const forms = formsOf(await res.text(), order.links.checkout_url);
  return { pay: forms.find((f) => f.label === 'Pay'), fail: forms.find((f) => f.label === 'Fail') };
}

/** Opens the checkout page and submits its Pay (or Fail) form; throws when the page has no such button. */
export async function pressOnCheckout(order: PlacedOrder, button: 'pay' | 'fail' = 'pay'): Promise<Pressed> {
  const form = (await checkoutForms(order))[button];
  if (!form) throw new Error(`the checkout page of ${order.traceId} has no ${button} button`);
  const res = await submitForm(form);
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get('location') };
}

/** What the mock wallet answers the broker's queryPayment for an order (through the loaded plugin). */
export async function mockPaymentState(broker: Broker, order: PlacedOrder, wallet = 'mock'): Promise<string> {
  const provider = broker.plugins.serving(wallet)?.provider;
  if (!provider) throw new Error(`wallet ${wallet} is not loaded`);
  const answer = await provider.queryPayment({ paymentId: order.paymentId, merchantTradeNo: order.tradeNo, providerData: {} });
  if (!answer.ok) throw new Error(`queryPayment failed: ${answer.error.reason} ${answer.error.message}`);
  return answer.value.state;
}
