import type { Clock as DomainClock } from '../domain/ports/clock.port.js';
import type { Logger as DomainLogger } from '../domain/ports/logger.port.js';
import type { WalletProvider } from '../domain/ports/wallet-provider.port.js';
import type { Clock, Logger } from '../plugin-api/index.js';
import type { PluginRoute } from '../plugin-api/http.js';
import type { WalletPluginInstance } from '../plugin-api/plugin.js';

/*
 * Where the plugin API's contract meets the domain's port. The two are separate declarations (the API
 * is versioned, the domain is not) of the same shapes, so a plugin's provider serves as the domain's
 * WalletProvider as it is, with no field-by-field copy to forget a field in. The checks below make any
 * drift a compile error here; that is where an adapter goes if the two ever have to differ.
 */

/** A plugin's provider as the host serves it: the domain's port, plus the pages the plugin serves. */
export interface HostedProvider extends WalletProvider {
  readonly routes?: readonly PluginRoute[];
}

/** A plugin's instance, seen through the domain's port. */
export const hosted = (instance: WalletPluginInstance): HostedProvider => instance;

type Holds<T extends true> = T;
type Fits<A, B> = [A] extends [B] ? true : false;
/** Methods as function properties, so parameters are checked contravariantly (method syntax is bivariant). */
type Strictly<T> = { readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => R : T[K] };

/** Each line fails to compile when the two sides stop fitting. */
export type ContractChecks = [
  // Every request the domain makes is one a plugin understands, and every plugin answer one the domain reads.
  Holds<Fits<Strictly<WalletPluginInstance>, Strictly<WalletProvider>>>,
  // The services the host hands a plugin.
  Holds<Fits<Strictly<DomainLogger>, Strictly<Logger>>>,
  Holds<Fits<Strictly<DomainClock>, Strictly<Clock>>>,
];
