import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readManifest, type PluginManifest } from './manifest.js';

export type DiscoveredPlugin =
  | { readonly status: 'found'; readonly dir: string; readonly manifest: PluginManifest; readonly version: string }
  | { readonly status: 'invalid-manifest'; readonly dir: string; readonly problem: string };

/** Every plugin package directly under `pluginsDir`, by the name its manifest gives. */
export async function discoverPlugins(pluginsDir: string): Promise<Map<string, DiscoveredPlugin>> {
  const root = resolve(pluginsDir);
  const found = new Map<string, DiscoveredPlugin>();
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw e;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const dir = join(root, entry.name);
    const read = await readManifest(dir, entry.name);
    if (read.kind === 'manifest') {
      found.set(read.manifest.name, { status: 'found', dir, manifest: read.manifest, version: read.version });
    } else if (read.kind === 'invalid') {
      found.set(read.name, { status: 'invalid-manifest', dir, problem: read.problem });
    }
  }
  return found;
}
