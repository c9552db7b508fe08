import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * After `tsc -p tsconfig.build.json`: what plain node needs beside the compiled files to load the
 * plugins at run time. Each plugin gets its package.json with the manifest pointing at the
 * compiled entry (.ts → .js), and `@mixpay-broker/plugin-api` resolves, from dist/plugins/*, to
 * the compiled plugin API, the same module the broker itself uses.
 */

const DIST = 'dist';

async function pluginManifests(): Promise<void> {
  for (const name of await readdir('plugins')) {
    let pkg: { mixpayBroker?: { entry: string; settingsSchema: string } };
    try {
      pkg = JSON.parse(await readFile(join('plugins', name, 'package.json'), 'utf8'));
    } catch {
      continue; // not a package
    }
    if (!pkg.mixpayBroker) continue;
    const compiled = (path: string) => path.replace(/\.ts$/, '.js');
    const { entry, settingsSchema } = pkg.mixpayBroker;
    const manifest = { ...pkg.mixpayBroker, entry: compiled(entry), settingsSchema: compiled(settingsSchema) };
    await mkdir(join(DIST, 'plugins', name), { recursive: true });
    await writeFile(join(DIST, 'plugins', name, 'package.json'), `${JSON.stringify({ ...pkg, mixpayBroker: manifest }, null, 2)}\n`);
    process.stdout.write(`dist/plugins/${name}: entry ${manifest.entry}\n`);
  }
}

async function pluginApiPackage(): Promise<void> {
  const dir = join(DIST, 'node_modules', '@mixpay-broker', 'plugin-api');
  await mkdir(dir, { recursive: true });
  const pkg = { name: '@mixpay-broker/plugin-api', private: true, type: 'module', exports: { '.': './index.js' } };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  await writeFile(join(dir, 'index.js'), "export * from '../../../src/plugin-api/index.js';\n");
}

await pluginManifests();
await pluginApiPackage();
