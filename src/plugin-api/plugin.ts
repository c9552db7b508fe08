import type { ZodType } from 'zod';
import type { PluginContext } from './context.js';
import type { PluginRoute } from './http.js';
import type { WalletProvider } from './provider.js';

/** A provider plus the pages it serves itself (the mock's checkout page, Bybit's QR page). */
export interface WalletPluginInstance extends WalletProvider {
  readonly routes?: readonly PluginRoute[];
}

/** The default export of a plugin's entry module. */
export interface WalletPlugin<Settings = unknown> {
  readonly apiVersion: string;
  create(context: PluginContext<Settings>): WalletPluginInstance | Promise<WalletPluginInstance>;
}

/** Declares a plugin; the type ties `create`'s settings to the schema the manifest points at. */
export function definePlugin<Settings>(plugin: WalletPlugin<Settings>): WalletPlugin<Settings> {
  return plugin;
}

/** Declares a plugin's settings schema (the module the manifest's `settingsSchema` names exports it as default). */
export function defineSettings<S extends ZodType>(schema: S): S {
  return schema;
}
