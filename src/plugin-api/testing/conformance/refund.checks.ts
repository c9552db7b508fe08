import { expect } from 'chai';
import { Amount } from '../../index.js';
import { failureText, refundOf } from './text.js';
import type { Harness } from './harness.js';

/** The conformance checks of refund. */
export function refundChecks(h: Harness): void {
  const { open, settled } = h;
  describe('refund', function () {
    it('twice with the same refundId sends the same idempotency key and gives the same outcome', async function () {
      const o = await open();
      const { request, ref } = await settled(o, 'paid');
      const refund = refundOf(ref, request, 'rf-conformance-1', request.payAmount);
      const first = await o.instance.refund(refund);
      expect(first.ok, `refund failed: ${failureText(first)}`).to.equal(true);
      const again = await o.instance.refund(refund);
      expect(again, 'the retry answered differently').to.deep.equal(first);
      const received = await o.fake.receivedRefunds();
      expect(received.length, 'the provider received no refund request').to.be.greaterThan(0);
      const keys = new Set(received.map((r) => r.idempotencyKey));
      expect([...keys], 'idempotency keys sent').to.have.lengthOf(1);
      for (const r of received) {
        expect(
          Amount.parse(r.amount).eq(Amount.parse(request.payAmount)),
          `refund amount sent ${r.amount}, expected ${request.payAmount}`,
        ).to.equal(true);
      }
    });

    it('another refundId sends another idempotency key', async function () {
      const o = await open();
      const { request, ref } = await settled(o, 'paid');
      const whole = Amount.parse(request.payAmount);
      const half = whole.times('0.5', 'down');
      const first = await o.instance.refund(refundOf(ref, request, 'rf-conformance-a', half.toPlainString()));
      const second = await o.instance.refund(refundOf(ref, request, 'rf-conformance-b', whole.minus(half).toPlainString()));
      expect(first.ok, `first refund failed: ${failureText(first)}`).to.equal(true);
      expect(second.ok, `second refund failed: ${failureText(second)}`).to.equal(true);
      const keys = (await o.fake.receivedRefunds()).map((r) => r.idempotencyKey);
      expect(new Set(keys).size, `idempotency keys sent: ${keys.join(', ')}`).to.equal(2);
    });
  });
}
