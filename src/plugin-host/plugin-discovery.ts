import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readManifest, type PluginManifest } from './manifest.js';

/*
 * The one way plugin packages are found: by the broker at start and reload, by the conformance kit's
 * spec, by `npm run plugin:check` and `npm run plugin:new`. Like Verdaccio's plugin loader it tells a
 * plugin that is not there (`missing`) from one that is there but unusable (`broken`), so an operator
 * or an author is told which of the two to fix.
 */

/** A folder directly under the plugins folder whose package.json has a `mixpayBroker` manifest. */
export type DiscoveredPlugin =
  | { readonly status: 'found'; readonly name: string; readonly dir: string; readonly manifest: PluginManifest; readonly version: string }
  /** The manifest is there but invalid; `name` is its name when it gives one, else the folder's. */
  | { readonly status: 'broken'; readonly name: string; readonly dir: string; readonly problem: string };

export type PluginLookup = DiscoveredPlugin | { readonly status: 'missing'; readonly name: string };

export interface PluginDiscovery {
  /** The plugins folder, resolved. */
  readonly pluginsDir: string;
  /** Every plugin package, in folder-name order. */
  readonly plugins: readonly DiscoveredPlugin[];
  /** The package whose manifest has this name; when two do, the later folder wins. */
  find(name: string): PluginLookup;
}

/** Reads every package directly under `pluginsDir`; a folder that does not exist holds no plugins. */
export async function discoverPlugins(pluginsDir: string): Promise<PluginDiscovery> {
  const root = resolve(pluginsDir);
  const plugins: DiscoveredPlugin[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    entries = [];
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const dir = join(root, entry.name);
    const read = await readManifest(dir, entry.name);
    if (read.kind === 'manifest') {
      plugins.push({ status: 'found', name: read.manifest.name, dir, manifest: read.manifest, version: read.version });
    } else if (read.kind === 'invalid') {
      plugins.push({ status: 'broken', name: read.name, dir, problem: read.problem });
    }
  }
  const byName = new Map(plugins.map((p) => [p.name, p]));
  return { pluginsDir: root, plugins, find: (name) => byName.get(name) ?? { status: 'missing', name } };
}
