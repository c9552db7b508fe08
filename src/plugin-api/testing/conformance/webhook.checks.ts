import { expect } from 'chai';
import { Amount } from '../../index.js';
import { alterBody, rejectionText } from './text.js';
import type { Harness } from './harness.js';

/** The conformance checks of verifyWebhook. */
export function webhookChecks(h: Harness): void {
  const { fixture, tolerance, open, requestFor, create, sign, deliver, expectRefused } = h;
  describe('verifyWebhook', function () {
    for (const kind of fixture.webhooks.kinds) {
      it(`accepts a correctly signed ${kind} and maps its kind, reference and amount`, async function () {
        const o = await open();
        const request = requestFor(o);
        const created = await create(o, request);
        const result = await deliver(o, await sign(o, request, created, kind, o.world.clock.now()));
        expect(result.ok, `refused: ${rejectionText(result)}`).to.equal(true);
        if (!result.ok) return;
        expect(result.value.ack, 'ack').to.deep.equal(fixture.webhooks.ack);
        const event = result.value.event;
        expect(event, 'a genuine payment notification must map to an event, not null').to.not.equal(null);
        if (!event) return;
        expect(event.kind, 'kind').to.equal(kind);
        expect(event.merchantTradeNo, 'merchantTradeNo').to.equal(request.merchantTradeNo);
        expect(event.eventId, 'eventId').to.be.a('string').that.is.not.empty;
        if (event.paymentId !== undefined) expect(event.paymentId, 'paymentId').to.equal(created.paymentId);
        if (kind === 'payment.succeeded') expect(event.amount, 'a payment.succeeded event must carry the amount paid').to.be.a('string');
        if (event.amount !== undefined) {
          expect(
            Amount.parse(event.amount).eq(Amount.parse(request.payAmount)),
            `amount ${event.amount}, expected ${request.payAmount}`,
          ).to.equal(true);
        }
        if (event.currency !== undefined) expect(event.currency, 'currency').to.equal(request.currency);
      });
    }

    it('refuses a wrong signature as bad_signature', async function () {
      const o = await open();
      const request = requestFor(o);
      const created = await create(o, request);
      const forged = await sign(o, request, created, 'payment.succeeded', o.world.clock.now(), true);
      expectRefused(await deliver(o, forged), 'bad_signature', 'a webhook signed with the wrong key');
    });

    it('refuses a body altered after signing as bad_signature (verified before it is parsed)', async function () {
      const o = await open();
      const request = requestFor(o);
      const created = await create(o, request);
      const signed = await sign(o, request, created, 'payment.succeeded', o.world.clock.now());
      const altered = fixture.webhooks.tamper
        ? fixture.webhooks.tamper(signed)
        : { ...signed, rawBody: alterBody(signed.rawBody, request.payAmount) };
      expect(altered.rawBody, 'the tampered body must differ from the signed one').to.not.equal(signed.rawBody);
      expectRefused(await deliver(o, altered), 'bad_signature', 'an altered body');
    });

    it('refuses a webhook without its headers as bad_signature', async function () {
      const o = await open();
      const request = requestFor(o);
      const created = await create(o, request);
      const signed = await sign(o, request, created, 'payment.succeeded', o.world.clock.now());
      expectRefused(await deliver(o, { rawBody: signed.rawBody, headers: {} }), 'bad_signature', 'a webhook without headers');
    });

    it(`refuses a stale timestamp (signed ${tolerance + 60}s ago, tolerance ${tolerance}s) as stale`, async function () {
      const o = await open();
      const request = requestFor(o);
      const created = await create(o, request);
      const old = new Date(o.world.clock.now().getTime() - (tolerance + 60) * 1000);
      expectRefused(await deliver(o, await sign(o, request, created, 'payment.succeeded', old)), 'stale', 'an old webhook');
    });

    if (fixture.webhooks.replayGuard) {
      it('refuses a replay (the same signed delivery again) as stale', async function () {
        const o = await open();
        const request = requestFor(o);
        const created = await create(o, request);
        const signed = await sign(o, request, created, 'payment.succeeded', o.world.clock.now());
        const first = await deliver(o, signed);
        expect(first.ok, `the first delivery was refused: ${rejectionText(first)}`).to.equal(true);
        o.world.clock.advanceSeconds(1);
        expectRefused(await deliver(o, signed), 'stale', 'a replayed webhook');
      });
    } else {
      it(`replay: ${fixture.name} has no replay guard: a repeat is accepted, same eventId (the host de-duplicates)`, async function () {
        const o = await open();
        const request = requestFor(o);
        const created = await create(o, request);
        const signed = await sign(o, request, created, 'payment.succeeded', o.world.clock.now());
        const first = await deliver(o, signed);
        o.world.clock.advanceSeconds(1);
        const again = await deliver(o, signed);
        expect(first.ok && again.ok, `refused: ${rejectionText(first)} ${rejectionText(again)}`).to.equal(true);
        if (!first.ok || !again.ok) return;
        expect(first.value.event?.eventId, 'eventId').to.be.a('string').that.is.not.empty;
        expect(again.value.event?.eventId, 'the repeated delivery must carry the same eventId').to.equal(first.value.event?.eventId);
      });
    }
  });
}
