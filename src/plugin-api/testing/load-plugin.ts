import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SUPPORTED_PLUGIN_API_VERSIONS, type WalletPlugin, type z } from '../index.js';

/*
 * Loads a plugin the way the host does: the `mixpayBroker` manifest in its package.json names the
 * entry (default export: definePlugin(…)) and the settings schema (default export: defineSettings(…)).
 * Tests that load through here also prove the manifest points at the right files.
 */

export interface PluginManifest {
  readonly name: string;
  readonly apiVersion: string;
  readonly entry: string;
  readonly settingsSchema: string;
}

export interface LoadedPlugin {
  readonly dir: string;
  readonly manifest: PluginManifest;
  readonly version: string;
  readonly plugin: WalletPlugin<unknown>;
  readonly settingsSchema: z.ZodType;
}

export class PluginLoadProblem extends Error {}

const NAME = /^[a-z0-9_-]{1,64}$/;

/** A directory given as a path or a `file:` URL (`new URL('..', import.meta.url)`). */
export function dirPath(dir: string | URL): string {
  return resolve(dir instanceof URL ? fileURLToPath(dir) : dir);
}

export async function readPluginManifest(pluginDir: string | URL): Promise<{ manifest: PluginManifest; version: string }> {
  const dir = dirPath(pluginDir);
  let pkg: { version?: unknown; mixpayBroker?: Partial<Record<keyof PluginManifest, unknown>> };
  try {
    pkg = JSON.parse(await readFile(resolve(dir, 'package.json'), 'utf8'));
  } catch (e) {
    throw new PluginLoadProblem(`${dir}/package.json is not readable JSON: ${(e as Error).message}`);
  }
  const m = pkg.mixpayBroker;
  if (m === undefined || m === null || typeof m !== 'object')
    throw new PluginLoadProblem(`${dir}/package.json has no "mixpayBroker" manifest`);
  const problems: string[] = [];
  if (typeof m.name !== 'string' || !NAME.test(m.name)) problems.push('mixpayBroker.name must be lower-case letters, digits, _ or -');
  for (const field of ['apiVersion', 'entry', 'settingsSchema'] as const) {
    if (typeof m[field] !== 'string' || m[field] === '') problems.push(`mixpayBroker.${field} must be a non-empty string`);
  }
  if (problems.length > 0) throw new PluginLoadProblem(`${dir}/package.json: ${problems.join('; ')}`);
  return { manifest: m as PluginManifest, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0' };
}

export async function loadPlugin(pluginDir: string | URL): Promise<LoadedPlugin> {
  const dir = dirPath(pluginDir);
  const { manifest, version } = await readPluginManifest(dir);
  if (!SUPPORTED_PLUGIN_API_VERSIONS.includes(manifest.apiVersion)) {
    throw new PluginLoadProblem(
      `${manifest.name} is built for plugin API ${manifest.apiVersion}; this broker supports ${SUPPORTED_PLUGIN_API_VERSIONS.join(', ')}`,
    );
  }
  const entry = (await importDefault(dir, manifest.entry)) as Partial<WalletPlugin<unknown>> | undefined;
  if (!entry || typeof entry.create !== 'function' || typeof entry.apiVersion !== 'string') {
    throw new PluginLoadProblem(`${manifest.entry} must export default definePlugin({ apiVersion, create })`);
  }
  if (entry.apiVersion !== manifest.apiVersion) {
    throw new PluginLoadProblem(`${manifest.entry} declares plugin API ${entry.apiVersion} but the manifest says ${manifest.apiVersion}`);
  }
  const schema = (await importDefault(dir, manifest.settingsSchema)) as Partial<z.ZodType> | undefined;
  if (!schema || typeof schema.safeParse !== 'function') {
    throw new PluginLoadProblem(`${manifest.settingsSchema} must export default defineSettings(<zod schema>)`);
  }
  return { dir, manifest, version, plugin: entry as WalletPlugin<unknown>, settingsSchema: schema as z.ZodType };
}

async function importDefault(dir: string, relative: string): Promise<unknown> {
  const mod = (await import(pathToFileURL(resolve(dir, relative)).href)) as { default?: unknown };
  return mod.default;
}
