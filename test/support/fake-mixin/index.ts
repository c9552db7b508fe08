export { FakeMixin } from './server.js';
export { FakeMixinState, FakeMixinError, type FakeOutput, type FakePayment, type FakeRequest, type FakeSnapshot } from './state.js';
export { FaultPlan, type Fault } from './faults.js';
export type { RouteName } from './routes.js';
export { generateTestBot, type TestBot } from './crypto.js';

/** The memo MixPay sends back with a refund: base64 of `RF|<trace>|<code>`. */
export function mixpayRefundMemo(traceId: string, code = '40000'): string {
  return Buffer.from(`RF|${traceId}|${code}`, 'utf8').toString('base64');
}
