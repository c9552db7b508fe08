import { expect } from 'chai';
import { orderRequest } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

describe('create_order idempotency on trace_id', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker();
  });
  after(async () => t.close());

  it('answers a repeated request with the first answer and creates nothing new', async () => {
    const body = orderRequest();
    const first = await createOrder(t.url, body);
    const second = await createOrder(t.url, body, 'form');
    expect(first.body.code).to.equal(0);
    expect(second.body).to.deep.equal(first.body);
  });

  it('refuses the same trace_id with a different amount, naming the fields', async () => {
    const body = orderRequest();
    await createOrder(t.url, body);
    const again = await createOrder(t.url, { ...body, amount: '11' });
    expect(again.body.code).to.equal(11000);
    expect(again.body.message).to.contain('trace_id').and.contain('amount');
  });
});
