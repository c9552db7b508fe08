import { expect } from 'chai';
import { Amount } from '../../index.js';
import { isHttpUrl } from './text.js';
import type { Harness } from './harness.js';

/** The conformance checks of createCheckout. */
export function checkoutChecks(h: Harness): void {
  const { fixture, open, requestFor, create } = h;
  describe('createCheckout', function () {
    for (const asset of fixture.assets) {
      const label = `${asset.amount} + ${asset.fee} ${asset.currency}`;

      it(`returns a paymentId and well-formed links for ${label}`, async function () {
        const o = await open();
        const created = await create(o, requestFor(o, asset));
        expect(created.paymentId, 'paymentId').to.be.a('string').that.is.not.empty;
        expect(
          isHttpUrl(created.checkoutUrl),
          `checkoutUrl ${JSON.stringify(created.checkoutUrl)} is not an absolute http(s) URL`,
        ).to.equal(true);
        expect(created.deepLink, 'deepLink').to.be.a('string');
        expect(created.universalUrl, 'universalUrl').to.be.a('string');
        if (created.providerData !== undefined) {
          for (const [key, value] of Object.entries(created.providerData)) expect(value, `providerData.${key}`).to.be.a('string');
        }
      });

      it(`sends the provider amount + fee (${asset.payAmount} ${asset.currency}) for ${label}`, async function () {
        const expected = Amount.parse(asset.amount).plus(Amount.parse(asset.fee));
        expect(
          Amount.parse(asset.payAmount).eq(expected),
          `fixture: payAmount ${asset.payAmount} is not ${asset.amount} + ${asset.fee}`,
        ).to.equal(true);
        const o = await open();
        const request = requestFor(o, asset);
        await create(o, request);
        const received = await o.fake.receivedCheckout(request.merchantTradeNo);
        expect(received, `the fake provider saw no order ${request.merchantTradeNo}`).to.not.equal(undefined);
        if (!received) return;
        let sent: Amount;
        try {
          sent = Amount.parse(received.amount);
        } catch {
          throw new Error(
            `the provider received ${JSON.stringify(received.amount)}, not a plain decimal: amounts must be sent as exact decimal text`,
          );
        }
        expect(sent.eq(expected), `the provider received ${received.amount}, expected ${expected.toPlainString()} (amount + fee)`).to.equal(
          true,
        );
        if (received.currency !== undefined) expect(received.currency, 'currency').to.equal(asset.currency);
      });
    }

    it('is idempotent on merchantTradeNo: a retry answers the same paymentId, another order another', async function () {
      const o = await open();
      const request = requestFor(o);
      const first = await create(o, request);
      const retry = await create(o, request);
      expect(retry.paymentId, 'paymentId of the retry').to.equal(first.paymentId);
      expect(retry.checkoutUrl, 'checkoutUrl of the retry').to.equal(first.checkoutUrl);
      const other = await create(o, requestFor(o));
      expect(other.paymentId, 'paymentId of another order').to.not.equal(first.paymentId);
    });
  });
}
