import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ZodType } from 'zod';
import type { WalletPlugin } from '../plugin-api/plugin.js';
import { SUPPORTED_PLUGIN_API_VERSIONS } from '../plugin-api/version.js';
import type { PluginManifest } from './manifest.js';

export interface ImportedPlugin {
  readonly plugin: WalletPlugin;
  readonly settingsSchema: ZodType;
}

/** Why a plugin that exists could not be used; told apart from a plugin that is not there at all. */
export class PluginLoadError extends Error {
  constructor(
    readonly kind: 'broken' | 'incompatible',
    message: string,
  ) {
    super(message);
  }
}

/** Imports a plugin's entry and settings schema and checks what they export before anything runs. */
export async function importPlugin(dir: string, manifest: PluginManifest): Promise<ImportedPlugin> {
  if (!SUPPORTED_PLUGIN_API_VERSIONS.includes(manifest.apiVersion)) {
    throw new PluginLoadError(
      'incompatible',
      `built for plugin API ${manifest.apiVersion}; this broker supports ${SUPPORTED_PLUGIN_API_VERSIONS.join(', ')}`,
    );
  }
  const entry = await importDefault(dir, manifest.entry, 'entry');
  const schema = await importDefault(dir, manifest.settingsSchema, 'settingsSchema');

  const plugin = entry as Partial<WalletPlugin> | undefined;
  if (!plugin || typeof plugin.create !== 'function' || typeof plugin.apiVersion !== 'string') {
    throw new PluginLoadError('broken', `${manifest.entry} must export default definePlugin({ apiVersion, create })`);
  }
  if (plugin.apiVersion !== manifest.apiVersion) {
    throw new PluginLoadError(
      'broken',
      `${manifest.entry} declares plugin API ${plugin.apiVersion} but the manifest says ${manifest.apiVersion}`,
    );
  }
  const settingsSchema = schema as Partial<ZodType> | undefined;
  if (!settingsSchema || typeof settingsSchema.safeParse !== 'function') {
    throw new PluginLoadError('broken', `${manifest.settingsSchema} must export default defineSettings(<zod schema>)`);
  }
  return { plugin: plugin as WalletPlugin, settingsSchema: settingsSchema as ZodType };
}

async function importDefault(dir: string, relative: string, field: string): Promise<unknown> {
  const file = resolve(dir, relative);
  try {
    await access(file);
  } catch {
    throw new PluginLoadError('broken', `manifest ${field} ${relative} does not exist`);
  }
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return mod.default;
  } catch (e) {
    // The file is there, so a module-not-found is one of the plugin's own imports.
    const err = e as NodeJS.ErrnoException;
    const what = err.code === 'ERR_MODULE_NOT_FOUND' ? 'a module it imports is missing' : 'it throws while loading';
    throw new PluginLoadError(
      'broken',
      `cannot load ${relative}: ${what}: ${err.message
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(0, 2)
        .join(' ')}`,
    );
  }
}
