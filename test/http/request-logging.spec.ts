import { expect } from 'chai';
import { orderRequest } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/** One structured logger: every line written while serving a request names the request, its order and wallet. */
describe('request logging', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker();
  });
  after(async () => t.close());

  it("every line of a create_order, the plugin's included, carries request_id, trace_id and wallet", async () => {
    const request = orderRequest();
    const res = await fetch(`${t.url}/mixpay/create_order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-log-test-1' },
      body: JSON.stringify(request),
    });
    expect(((await res.json()) as { code: number }).code).to.equal(0);
    const lines = t.logs.records().filter((r) => r['request_id'] === 'req-log-test-1');
    const messages = lines.map((l) => l['msg']);
    expect(messages).to.include.members(['mock checkout created', 'order created', 'request']);
    for (const line of lines.filter((l) => l['msg'] !== 'request')) {
      expect(line, String(line['msg'])).to.include({ trace_id: request.trace_id, wallet: 'mock' });
    }
  });

  it("a line's own fields do not leak into the next line of the same request", async () => {
    await createOrder(t.url, orderRequest({ amount: '10' }));
    const created = t.logs.records().filter((r) => r['msg'] === 'order created');
    expect(created.every((r) => !('merchantTradeNo' in r))).to.equal(true);
  });

  it('answers with the request id it logged under', async () => {
    const res = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'given-id-42' } });
    expect(res.headers.get('x-request-id')).to.equal('given-id-42');
  });
});
