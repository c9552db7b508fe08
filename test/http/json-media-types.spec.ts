import { expect } from 'chai';
import { ADMIN_TOKEN, adminOrder } from '../support/admin-client.js';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { orderRequest } from '../support/fixtures.js';
import { jsonWithRawField, postCreateOrder } from '../support/mixpay-raw.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/* Every JSON media type is read the same lossless way; any other media type is refused by name. */

describe('create_order: JSON media types', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_TOKEN });
  });
  after(() => t.close());

  for (const type of ['application/json', 'application/vnd.api+json', 'application/json-patch+json', 'application/json; charset=utf-8']) {
    it(`reads an amount written as a JSON number exactly under ${type}`, async () => {
      const body = orderRequest();
      expectCheckout(await postCreateOrder(t.url, jsonWithRawField(body, 'amount', '12.34567891'), type));
      expect((await adminOrder(t.url, body.trace_id as string)).order?.amount).to.equal('12.34567891');
    });

    it(`refuses 9 decimals as such under ${type}, not as a float's rounding`, async () => {
      const res = await postCreateOrder(t.url, jsonWithRawField(orderRequest(), 'amount', '1.123456789'), type);
      expectRefused(res, 11000, 'amount');
      expect(res.body.message).to.equal('Parameter error: amount has more than 8 decimals.');
    });
  }

  for (const type of ['text/plain', 'application/xml', 'application/csp-report', 'application/octet-stream']) {
    it(`refuses a ${type} body with 11000 naming body`, async () => {
      const res = await postCreateOrder(t.url, JSON.stringify(orderRequest()), type);
      expectRefused(res, 11000, 'body');
      expect(res.body.message).to.equal('Parameter error: body must be JSON, urlencoded or multipart form data.');
    });
  }
});
