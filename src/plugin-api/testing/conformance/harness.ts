import { expect } from 'chai';
import nock from 'nock';
import type {
  CheckoutCreated,
  CheckoutRequest,
  PaymentRef,
  Result,
  WalletPluginInstance,
  WebhookAccepted,
  WebhookRejection,
} from '../../index.js';
import { checkoutRequest, CollectingLogger, lowerCaseHeaders, MemoryStore, TestClock, testLinks } from '../doubles.js';
import type {
  ConformanceAsset,
  ConformanceFixture,
  ConformanceWorld,
  FakeProviderHandle,
  PaymentEventKind,
  SettledState,
  SignedWebhook,
} from '../fixture.js';
import { loadPlugin, type LoadedPlugin } from '../load-plugin.js';
import { failureText } from './text.js';

export interface ConformanceTarget {
  /** The plugin's folder (its package.json carries the manifest): a path, or `new URL('..', import.meta.url)`. */
  readonly pluginDir: string | URL;
}

const LOCAL_HOSTS = /^(127\.0\.0\.1|localhost)(:\d+)?$/;

export interface Opened {
  readonly world: ConformanceWorld;
  readonly fake: FakeProviderHandle;
  readonly instance: WalletPluginInstance;
}

/**
 * What every group of checks works with: the loaded plugin, a fresh world per test (store, clock,
 * logger, fake provider, plugin instance) and the steps the checks are written in. Registers the
 * suite's hooks, so it is called inside the suite's `describe`.
 */
export function useHarness(fixture: ConformanceFixture, target: ConformanceTarget) {
  const wallet = `${fixture.name.replace(/[^a-z0-9_]/g, '_')}_conformance`;
  const primary = fixture.assets[0];
  if (!primary) throw new Error(`${fixture.name} conformance fixture lists no assets`);
  const tolerance = fixture.webhooks.toleranceSeconds;

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
      throw new Error(
        `the fixture's valid settings are refused: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
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

  return { fixture, wallet, primary, tolerance, logs, plugin, open, requestFor, create, refOf, settled, sign, deliver, expectRefused };
}

export type Harness = ReturnType<typeof useHarness>;
