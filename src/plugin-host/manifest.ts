import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** The `mixpayBroker` section of a plugin package's package.json. */
const manifestSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_-]{1,64}$/, 'must be lower-case letters, digits, _ or -'),
    apiVersion: z.string().min(1),
    entry: z.string().min(1),
    settingsSchema: z.string().min(1),
  })
  .strict();

export type PluginManifest = z.infer<typeof manifestSchema>;

export type ManifestRead =
  | { kind: 'manifest'; manifest: PluginManifest; version: string }
  | { kind: 'not-a-plugin' }
  | { kind: 'invalid'; name: string; problem: string };

/** Reads a folder's package.json; a package without a `mixpayBroker` section is not a plugin. */
export async function readManifest(dir: string, folderName: string): Promise<ManifestRead> {
  let pkg: { version?: unknown; mixpayBroker?: unknown };
  try {
    pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'not-a-plugin' };
    return { kind: 'invalid', name: folderName, problem: `package.json is not readable JSON (${(e as Error).message})` };
  }
  if (pkg.mixpayBroker === undefined) return { kind: 'not-a-plugin' };
  const parsed = manifestSchema.safeParse(pkg.mixpayBroker);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `mixpayBroker.${i.path.join('.')}: ${i.message}`);
    const named = (pkg.mixpayBroker as { name?: unknown })?.name;
    return { kind: 'invalid', name: typeof named === 'string' ? named : folderName, problem: problems.join('; ') };
  }
  return { kind: 'manifest', manifest: parsed.data, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0' };
}
