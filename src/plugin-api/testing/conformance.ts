import { expect } from 'chai';
import nock from 'nock';
import {
  Amount,
  type CheckoutCreated,
  type CheckoutRequest,
  type PaymentRef,
  type Result,
  type WalletPluginInstance,
  type WebhookAccepted,
  type WebhookRejection,
} from '../index.js';
import { checkoutRequest, CollectingLogger, logLineText, lowerCaseHeaders, MemoryStore, TestClock, testLinks } from './doubles.js';
import type {
  ConformanceAsset,
  ConformanceFixture,
  ConformanceWorld,
  FakeProviderHandle,
  PaymentEventKind,
  SettledState,
  SignedWebhook,
} from './fixture.js';
import { loadPlugin, type LoadedPlugin } from './load-plugin.js';

/*
 * The conformance kit: one mocha `describe` of checks every wallet plugin passes, whatever its
 * provider. Each check is its own `it` on a fresh world (store, clock, logger, fake provider,
 * plugin instance); the plugin is loaded through its manifest, as the host loads it.
 */

export interface ConformanceTarget {
  /** The plugin's folder (its package.json carries the manifest): a path, or `new URL('..', import.meta.url)`. */
  readonly pluginDir: string | URL;
}

const LOCAL_HOSTS = /^(127\.0\.0\.1|localhost)(:\d+)?$/;

interface Opened {
  readonly world: ConformanceWorld;
  readonly fake: FakeProviderHandle;
  readonly instance: WalletPluginInstance;
}

/** Registers the conformance suite for one plugin. */
export function describeConformance(fixture: ConformanceFixture, target: ConformanceTarget): void {
  const wallet = `${fixture.name.replace(/[^a-z0-9_]/g, '_')}_conformance`;
  const primary = fixture.assets[0];
  if (!primary) throw new Error(`${fixture.name} conformance fixture lists no assets`);
  const tolerance = fixture.webhooks.toleranceSeconds;

  describe(`${fixture.name}: conformance kit`, function () {
    let loaded: LoadedPlugin | undefined;
    /** Every logger of the suite, with the test it belonged to, for the secrets check at the end. */
    const logs: Array<{ test: string; logger: CollectingLogger }> = [];
    let currentTest = '';
    let opened: Opened | undefined;

    before(async function () {
      // Same as the root hooks: a plugin that reaches for the real network fails instead.
      nock.disableNetConnect();
      nock.enableNetConnect(LOCAL_HOSTS);
      loaded = await loadPlugin(target.pluginDir);
    });

    beforeEach(function () {
      currentTest = this.currentTest?.fullTitle() ?? '';
    });

    afterEach(async function () {
      const closing = opened;
      opened = undefined;
      try {
        await closing?.fake.close?.();
      } finally {
        nock.cleanAll();
      }
    });

    const plugin = (): LoadedPlugin => {
      if (!loaded) throw new Error(`${fixture.name} was not loaded`);
      return loaded;
    };

    const parsedSettings = (): unknown => {
      const parsed = plugin().settingsSchema.safeParse(fixture.settings.valid);
      if (!parsed.success) {
        throw new Error(`the fixture's valid settings are refused: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      return parsed.data;
    };

    /** A fresh world, fake provider and plugin instance for this test. */
    const open = async (): Promise<Opened> => {
      const logger = new CollectingLogger();
      logs.push({ test: currentTest, logger });
      const world: ConformanceWorld = {
        wallet,
        settings: parsedSettings(),
        store: new MemoryStore(),
        clock: new TestClock(fixture.startAt),
        logger,
        links: testLinks(wallet),
      };
      const fake = await fixture.setup(world);
      opened = { world, fake, instance: undefined as unknown as WalletPluginInstance };
      const instance = await plugin().plugin.create({
        wallet,
        settings: world.settings,
        logger: world.logger.child({ wallet, plugin: fixture.name }),
        store: world.store,
        clock: world.clock,
        links: world.links,
      });
      opened = { world, fake, instance };
      return opened;
    };

    const requestFor = (o: Opened, asset: ConformanceAsset = primary): CheckoutRequest =>
      checkoutRequest({ wallet, asset, now: o.world.clock.now(), memo: 'conformance kit order' });

    const create = async (o: Opened, request: CheckoutRequest): Promise<CheckoutCreated> => {
      const result = await o.instance.createCheckout(request);
      expect(result.ok, `createCheckout ${request.currency} failed: ${failureText(result)}`).to.equal(true);
      return (result as { ok: true; value: CheckoutCreated }).value;
    };

    const refOf = (request: CheckoutRequest, created: CheckoutCreated): PaymentRef => ({
      paymentId: created.paymentId,
      merchantTradeNo: request.merchantTradeNo,
      providerData: created.providerData ?? {},
    });

    /** A created payment, the provider made to report `state`. */
    const settled = async (o: Opened, state: SettledState) => {
      const request = requestFor(o);
      const created = await create(o, request);
      await o.fake.settle({ merchantTradeNo: request.merchantTradeNo, paymentId: created.paymentId }, state);
      return { request, created, ref: refOf(request, created) };
    };

    const sign = async (o: Opened, request: CheckoutRequest, created: CheckoutCreated, kind: PaymentEventKind, at: Date, wrongKey = false) =>
      fixture.webhooks.sign({
        kind,
        merchantTradeNo: request.merchantTradeNo,
        paymentId: created.paymentId,
        amount: request.payAmount,
        currency: request.currency,
        at,
        wrongKey,
      });

    const deliver = (o: Opened, signed: SignedWebhook) =>
      o.instance.verifyWebhook({ rawBody: signed.rawBody, headers: lowerCaseHeaders(signed.headers), receivedAt: o.world.clock.now() });

    const expectRefused = (result: Result<WebhookAccepted, WebhookRejection>, reason: WebhookRejection['reason'], what: string) => {
      expect(result.ok, `${what} was accepted`).to.equal(false);
      if (!result.ok) expect(result.error.reason, `${what} was refused as ${result.error.reason} (${result.error.message})`).to.equal(reason);
    };

    describe('settings', function () {
      it('the schema accepts the fixture\'s valid settings', function () {
        const parsed = plugin().settingsSchema.safeParse(fixture.settings.valid);
        expect(parsed.success, parsed.success ? '' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')).to.equal(true);
      });

      for (const bad of fixture.settings.invalid) {
        it(`the schema refuses ${bad.why ?? `a bad ${bad.field}`}, with a message naming "${bad.field}"`, function () {
          const parsed = plugin().settingsSchema.safeParse(bad.settings);
          expect(parsed.success, `settings were accepted: ${JSON.stringify(bad.settings)}`).to.equal(false);
          if (parsed.success) return;
          const messages = parsed.error.issues.map((i) => i.message);
          expect(
            messages.some((m) => m.includes(bad.field)),
            `no message names "${bad.field}"; the schema said: ${messages.map((m) => JSON.stringify(m)).join(', ')} ` +
              '(give the schema custom errors that name the setting, e.g. z.string({ error: "apiKey must be a string" }))',
          ).to.equal(true);
        });
      }
    });

    describe('createCheckout', function () {
      for (const asset of fixture.assets) {
        const label = `${asset.amount} + ${asset.fee} ${asset.currency}`;

        it(`returns a paymentId and well-formed links for ${label}`, async function () {
          const o = await open();
          const created = await create(o, requestFor(o, asset));
          expect(created.paymentId, 'paymentId').to.be.a('string').that.is.not.empty;
          expect(isHttpUrl(created.checkoutUrl), `checkoutUrl ${JSON.stringify(created.checkoutUrl)} is not an absolute http(s) URL`).to.equal(true);
          expect(created.deepLink, 'deepLink').to.be.a('string');
          expect(created.universalUrl, 'universalUrl').to.be.a('string');
          if (created.providerData !== undefined) {
            for (const [key, value] of Object.entries(created.providerData)) expect(value, `providerData.${key}`).to.be.a('string');
          }
        });

        it(`sends the provider amount + fee (${asset.payAmount} ${asset.currency}) for ${label}`, async function () {
          const expected = Amount.parse(asset.amount).plus(Amount.parse(asset.fee));
          expect(Amount.parse(asset.payAmount).eq(expected), `fixture: payAmount ${asset.payAmount} is not ${asset.amount} + ${asset.fee}`).to.equal(true);
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
            throw new Error(`the provider received ${JSON.stringify(received.amount)}, not a plain decimal: amounts must be sent as exact decimal text`);
          }
          expect(sent.eq(expected), `the provider received ${received.amount}, expected ${expected.toPlainString()} (amount + fee)`).to.equal(true);
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
            expect(Amount.parse(event.amount).eq(Amount.parse(request.payAmount)), `amount ${event.amount}, expected ${request.payAmount}`).to.equal(true);
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
        const altered = fixture.webhooks.tamper ? fixture.webhooks.tamper(signed) : { ...signed, rawBody: alterBody(signed.rawBody, request.payAmount) };
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
        it(`replay: ${fixture.name} has no replay guard, so a repeated delivery is accepted with the same eventId for the host's event de-duplication`, async function () {
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
            expect(Amount.parse(status.value.amount).eq(Amount.parse(request.payAmount)), `amount ${status.value.amount}, expected ${request.payAmount}`).to.equal(true);
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
          expect(Amount.parse(r.amount).eq(Amount.parse(request.payAmount)), `refund amount sent ${r.amount}, expected ${request.payAmount}`).to.equal(true);
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

    describe('logs', function () {
      it('no secret value appears in any log line the plugin wrote during the suite', function () {
        const leaks: string[] = [];
        for (const { test, logger } of logs) {
          for (const line of logger.lines) {
            const text = logLineText(line);
            fixture.settings.secrets.forEach((secret, i) => {
              if (text.includes(secret)) leaks.push(`secret #${i + 1} in "${test}": ${text.replaceAll(secret, '<SECRET>').slice(0, 300)}`);
            });
          }
        }
        expect(leaks, leaks.join('\n')).to.deep.equal([]);
      });
    });
  });
}

/** A refund request as the host sends it (built as a value, so it fits the contract as it grows). */
function refundOf(payment: PaymentRef, request: CheckoutRequest, refundId: string, amount: string) {
  const refund = { refundId, payment, amount, paidAmount: request.payAmount, currency: request.currency, reason: 'conformance kit refund' };
  return refund;
}

function isHttpUrl(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '';
  } catch {
    return false;
  }
}

/** Changes one character of the body: the last digit of the amount where it appears, else the middle one. */
export function alterBody(rawBody: string, amount?: string): string {
  const at = amount ? rawBody.indexOf(amount) : -1;
  const index = at >= 0 ? at + amount!.length - 1 : Math.floor(rawBody.length / 2);
  return flipCharacter(rawBody, index);
}

/** Replaces the character at `index` by a different one of the same kind (digit for digit). */
export function flipCharacter(text: string, index: number): string {
  const c = text.charAt(index);
  const replacement = /\d/.test(c) ? String((Number(c) + 1) % 10) : c === 'x' ? 'y' : 'x';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

function failureText(result: Result<unknown, { reason: string; message: string }>): string {
  return result.ok ? '' : `${result.error.reason}: ${result.error.message}`;
}

function rejectionText(result: Result<unknown, WebhookRejection>): string {
  return result.ok ? '' : `${result.error.reason}: ${result.error.message}`;
}
