/*
 * The MixPay broker's plugin API, version 1: the only module a wallet plugin imports from the host.
 * It owns everything it exports (nothing comes from the broker's domain), so it changes only with its
 * version; src/plugin-host/provider-contract.ts checks that it still fits the domain's ports.
 */
export { PLUGIN_API_VERSION, SUPPORTED_PLUGIN_API_VERSIONS } from './version.js';
export { definePlugin, defineSettings, type WalletPlugin, type WalletPluginInstance } from './plugin.js';
export type { PluginContext, PluginLinks, PluginStore } from './context.js';
export { STORE_KEY_MAX_LENGTH } from './context.js';
export {
  escapeHtml,
  html,
  htmlPage,
  notFound,
  redirect,
  type PluginHttpRequest,
  type PluginHttpResponse,
  type PluginRoute,
} from './http.js';
export { hmacSha256Hex, hmacSha512Hex, isFresh, isFreshMs, parseKeyValueHeader, safeEqual, verifyRsaSha256 } from './signing.js';
export { KeyedLock } from './keyed-lock.js';
export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpFailure,
  type HttpRequest,
  type HttpResponse,
} from './http-client.js';
export { parseJsonExact } from './json.js';
export type {
  CheckoutCreated,
  CheckoutRequest,
  PaymentRef,
  PaymentStatus,
  RefundOutcome,
  RefundRequest,
  WalletEvent,
  WalletEventKind,
  WalletFailure,
  WalletProvider,
  WebhookAccepted,
  WebhookAck,
  WebhookRejection,
  WebhookRequest,
} from './provider.js';
export type { Logger, LogFields } from './logger.js';
export type { Clock } from './clock.js';
export { ok, err, type Result, type Ok, type Err } from './result.js';
export { Amount, InvalidAmount } from './amount.js';
export { z } from 'zod';
