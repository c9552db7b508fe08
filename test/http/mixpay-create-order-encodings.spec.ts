import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, adminOrder, type AdminOrder } from '../support/admin-client.js';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { orderRequest } from '../support/fixtures.js';
import { createOrder, type Encoding } from '../support/mixpay-client.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/* create_order reads JSON, urlencoded and multipart bodies alike (protocol-decisions.md, "Transport"). */

const ENCODINGS: Encoding[] = ['json', 'form', 'multipart'];

/** The stored terms of an order, without what differs from one order to the next. */
const termsOf = (o: AdminOrder | null) => {
  if (!o) return null;
  const { payee_id, wallet, asset_id, amount, fee, pay_amount, currency, memo, opponent_id, expired_at, return_url, status } = o;
  return { payee_id, wallet, asset_id, amount, fee, pay_amount, currency, memo, opponent_id, expired_at, return_url, status };
};

describe('create_order: body encodings', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_TOKEN });
  });
  after(async () => t.close());

  for (const encoding of ENCODINGS) {
    it(`creates an order from a ${encoding} body and answers the checkout links`, async () => {
      const body = orderRequest();
      expectCheckout(await createOrder(t.url, body, encoding));
      expect((await adminOrder(t.url, body.trace_id as string)).status).to.equal(200);
    });
  }

  it('stores the same terms whichever encoding carried the same fields', async () => {
    const fields = orderRequest({ amount: '12.34', memo: 'cGF5IG1lIGJhY2s=' });
    const stored = [];
    for (const encoding of ENCODINGS) {
      const body = { ...fields, trace_id: randomUUID() };
      expectCheckout(await createOrder(t.url, body, encoding));
      stored.push(termsOf((await adminOrder(t.url, body.trace_id)).order));
    }
    expect(stored[0]).to.not.equal(null);
    expect(stored[0]).to.include({ amount: '12.34000000', memo: 'cGF5IG1lIGJhY2s=' });
    expect(stored[1]).to.deep.equal(stored[0]);
    expect(stored[2]).to.deep.equal(stored[0]);
  });

  it('answers a repeated trace_id with the first answer whichever encoding repeats it', async () => {
    const body = orderRequest();
    const answers = [];
    for (const encoding of ENCODINGS) answers.push((await createOrder(t.url, body, encoding)).body);
    expect(answers[0]?.code).to.equal(0);
    expect(answers[1]).to.deep.equal(answers[0]);
    expect(answers[2]).to.deep.equal(answers[0]);
  });

  it('answers the same 11000 envelope to the same bad field in every encoding', async () => {
    const answers = [];
    for (const encoding of ENCODINGS) {
      const res = await createOrder(t.url, orderRequest({ amount: '1e3' }), encoding);
      expectRefused(res, 11000, 'amount');
      answers.push(res.body);
    }
    expect(answers[1]).to.deep.equal(answers[0]);
    expect(answers[2]).to.deep.equal(answers[0]);
  });
});
