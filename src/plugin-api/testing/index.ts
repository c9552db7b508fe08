/*
 * @mixpay-broker/plugin-api/testing: the test side of the plugin API. Import it from a plugin's
 * `test/` folder only (the layer rules enforce it): it uses chai, mocha and nock.
 *   - describeConformance(fixture, { pluginDir }): the conformance kit every plugin passes;
 *   - the host's services as test doubles: MemoryStore, CollectingLogger, TestClock, testLinks, testContext;
 *   - expectNoSecretsIn: a log holds no secret, with a positive control so it cannot pass on an empty log;
 *   - checkoutRequest / routeRequest builders, findRoute, and fakeHttpApi for faking a provider's HTTP API.
 */
export { expectNoSecretsIn, secretsFoundIn } from './secret-search.js';
export { describeConformance, alterBody, flipCharacter, type ConformanceTarget } from './conformance.js';
export {
  defineConformanceFixture,
  fixtureProblems,
  type ConformanceAsset,
  type ConformanceFixture,
  type ConformanceWorld,
  type FakeProviderHandle,
  type InvalidSettings,
  type PaymentAtProvider,
  type PaymentEventKind,
  type ReceivedCheckout,
  type ReceivedRefund,
  type SettledState,
  type SignedWebhook,
  type WebhookToSign,
} from './fixture.js';
export {
  checkoutRequest,
  CollectingLogger,
  DEFAULT_TEST_TIME,
  findRoute,
  logLineText,
  lowerCaseHeaders,
  MemoryStore,
  routeRequest,
  TEST_PUBLIC_URL,
  TestClock,
  testContext,
  testLinks,
  USDT_ASSET_ID,
  type CheckoutRequestOptions,
  type LogLine,
  type TestContext,
} from './doubles.js';
export { fakeHttpApi, FakeHttpApi, pathParam, type FakeHttpHandler, type FakeHttpReply, type FakeHttpRequest } from './fake-api.js';
export { dirPath, loadPlugin, PluginLoadProblem, readPluginManifest, type LoadedPlugin, type PluginManifest } from './load-plugin.js';
