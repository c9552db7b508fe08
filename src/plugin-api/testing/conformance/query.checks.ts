import { expect } from 'chai';
import { Amount } from '../../index.js';
import { failureText } from './text.js';
import type { Harness } from './harness.js';

/** The conformance checks of queryPayment. */
export function queryChecks(h: Harness): void {
  const { open, requestFor, create, refOf, settled } = h;
  describe('queryPayment', function () {
    it('answers a new payment as pending', async function () {
      const o = await open();
      const request = requestFor(o);
      const created = await create(o, request);
      const status = await o.instance.queryPayment(refOf(request, created));
      expect(status.ok, `queryPayment failed: ${failureText(status)}`).to.equal(true);
      if (status.ok) expect(status.value.state).to.equal('pending');
    });

    for (const state of ['paid', 'expired', 'failed'] as const) {
      it(`maps a payment the provider reports ${state} to ${state}`, async function () {
        const o = await open();
        const { request, ref } = await settled(o, state);
        const status = await o.instance.queryPayment(ref);
        expect(status.ok, `queryPayment failed: ${failureText(status)}`).to.equal(true);
        if (!status.ok) return;
        expect(status.value.state).to.equal(state);
        if (state === 'paid' && status.value.amount !== undefined) {
          expect(
            Amount.parse(status.value.amount).eq(Amount.parse(request.payAmount)),
            `amount ${status.value.amount}, expected ${request.payAmount}`,
          ).to.equal(true);
        }
      });
    }

    it('answers the same twice', async function () {
      const o = await open();
      const { ref } = await settled(o, 'paid');
      const first = await o.instance.queryPayment(ref);
      const second = await o.instance.queryPayment(ref);
      expect(first.ok, `queryPayment failed: ${failureText(first)}`).to.equal(true);
      expect(second).to.deep.equal(first);
    });
  });
}
