import { MixinApi } from '@mixin.dev/mixin-node-sdk';
import type { MixinKeystore } from './keystore.js';
import { signingAdapter } from './request-signing.js';

export const DEFAULT_MIXIN_BASE_URL = 'https://api.mixin.one';

export interface MixinClientSettings {
  /** Mixin's API root; tests and staging point the real SDK at a fake. */
  readonly baseUrl?: string;
  /** Per HTTP attempt. */
  readonly timeoutMs?: number;
  /**
   * How often the SDK itself repeats a request that got no answer (POSTs too) or, for GETs, a 5xx.
   * At least 1: the SDK reads 0 as "use the default of 5".
   */
  readonly retries?: number;
}

export type MixinSdk = ReturnType<typeof MixinApi>;

/** The SDK client and the keystore it was built with: what every Safe call needs. */
export interface MixinConnection {
  readonly sdk: MixinSdk;
  readonly keystore: MixinKeystore;
  readonly baseUrl: string;
}

/**
 * The SDK signs each request over the path it computes by cutting `baseURL.length` characters
 * off the full URL; a trailing slash would cut the path's leading "/" and every signature would be
 * refused. So the slash goes here, once.
 */
export function normaliseBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Mixin base URL "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`Mixin base URL "${url}" must be http(s)`);
  }
  if (parsed.search || parsed.hash) throw new Error(`Mixin base URL "${url}" must have no query or fragment`);
  return url.replace(/\/+$/, '');
}

export function connectMixin(keystore: MixinKeystore, settings: MixinClientSettings = {}): MixinConnection {
  const baseUrl = normaliseBaseUrl(settings.baseUrl ?? DEFAULT_MIXIN_BASE_URL);
  // The SDK hands its request config to axios.create as it is, so `adapter` (missing from its
  // type, hence a variable rather than a literal) signs every request natively: request-signing.ts.
  const requestConfig = {
    baseURL: baseUrl,
    timeout: settings.timeoutMs ?? 10_000,
    retry: Math.max(1, settings.retries ?? 2),
    adapter: signingAdapter(keystore),
  };
  const sdk = MixinApi({ keystore: keystore.sdkKeystore(), requestConfig });
  return { sdk, keystore, baseUrl };
}
