import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export interface LinkedPluginsDir {
  readonly dir: string;
  remove(): Promise<void>;
}

/**
 * A temporary plugins directory holding symlinks to the given plugin folders, so one broker can load
 * plugins that live in different places (the shipped mock and a test fixture).
 */
export async function linkedPluginsDir(folders: readonly string[]): Promise<LinkedPluginsDir> {
  const dir = await mkdtemp(join(tmpdir(), 'mixpay-plugins-'));
  for (const folder of folders) await symlink(resolve(folder), join(dir, basename(folder)), 'dir');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
