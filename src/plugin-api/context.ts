import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** The longest key a PluginStore keeps (the column is varchar(255)); hash anything longer. */
export const STORE_KEY_MAX_LENGTH = 255;

/** A small durable key-value store, private to one wallet identifier; keys up to STORE_KEY_MAX_LENGTH. */
export interface PluginStore {
  get<T>(key: string): Promise<T | null>;
  put(key: string, value: unknown): Promise<void>;
  /** Writes only if the key is new; false when it already existed. Atomic across broker processes. */
  putIfAbsent(key: string, value: unknown): Promise<boolean>;
}

/** The URLs a plugin hands to its provider or to the payer. */
export interface PluginLinks {
  /** PUBLIC_URL. */
  readonly publicUrl: string;
  /** The absolute URL of a path this plugin serves: `route('/checkout/abc')`. */
  route(path: string): string;
  /** The broker's webhook route for this wallet identifier. */
  readonly webhookUrl: string;
}

/** What the host gives a plugin when it creates one wallet identifier's provider. */
export interface PluginContext<Settings> {
  /** The wallet identifier (`binance_jp`); one plugin may serve several. */
  readonly wallet: string;
  /** This wallet's settings, validated by the plugin's schema, secrets already read from the environment. */
  readonly settings: Settings;
  /** Structured logger already carrying the wallet; secrets are redacted. */
  readonly logger: Logger;
  readonly store: PluginStore;
  readonly links: PluginLinks;
  readonly clock: Clock;
}
