import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeConformance, fixtureProblems, type ConformanceFixture } from '@mixpay-broker/plugin-api/testing';

/*
 * Runs the conformance kit for every plugin package under plugins/ (a folder whose package.json has
 * a `mixpayBroker` manifest). A plugin without `test/conformance.fixture.ts` fails
 * "<plugin> supplies a conformance fixture": none can skip the kit.
 *   CONFORMANCE_PLUGINS_DIR  another plugins folder (the scaffold test's temporary one)
 *   CONFORMANCE_PLUGIN       only these plugins, comma-separated (npm run plugin:check -- <name>)
 */

const FIXTURE = join('test', 'conformance.fixture.ts');
const pluginsDir = resolve(process.env.CONFORMANCE_PLUGINS_DIR ?? fileURLToPath(new URL('../../plugins/', import.meta.url)));
const only = (process.env.CONFORMANCE_PLUGIN ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

interface Discovered {
  readonly name: string;
  readonly dir: string;
}

/** Plugin packages, by manifest name (the folder name when the manifest has none). */
function discover(): Discovered[] {
  if (!existsSync(pluginsDir)) return [];
  const found: Discovered[] = [];
  for (const entry of readdirSync(pluginsDir).sort()) {
    const dir = join(pluginsDir, entry);
    const manifestFile = join(dir, 'package.json');
    if (!statSync(dir).isDirectory() || !existsSync(manifestFile)) continue;
    let manifest: { mixpayBroker?: { name?: unknown } };
    try {
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    } catch {
      found.push({ name: entry, dir });
      continue;
    }
    if (manifest.mixpayBroker === undefined) continue;
    const name = typeof manifest.mixpayBroker.name === 'string' ? manifest.mixpayBroker.name : entry;
    found.push({ name, dir });
  }
  return found;
}

const plugins = discover().filter((p) => only.length === 0 || only.includes(p.name));

describe('plugin conformance', function () {
  for (const name of only.filter((n) => !plugins.some((p) => p.name === n))) {
    it(`${name} is a plugin under ${pluginsDir}`, function () {
      throw new Error(`no folder under ${pluginsDir} has a package.json whose mixpayBroker.name is "${name}"`);
    });
  }
  if (only.length === 0) {
    it(`finds the plugins under ${pluginsDir}`, function () {
      if (plugins.length === 0) throw new Error(`no plugin package under ${pluginsDir}`);
    });
  }
});

for (const { name, dir } of plugins) {
  const file = join(dir, FIXTURE);
  let fixture: ConformanceFixture | undefined;
  let problem: string | undefined;
  if (!existsSync(file)) {
    problem = `${name} has no ${FIXTURE}: write one (see docs/writing-a-wallet-plugin.md, "The conformance kit"); every plugin passes the kit`;
  } else {
    try {
      const loaded = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
      const problems = fixtureProblems(loaded);
      if (problems.length > 0) problem = `${file}: ${problems.join('; ')}`;
      else fixture = loaded as ConformanceFixture;
    } catch (e) {
      problem = `${file} does not load: ${(e as Error).message}`;
    }
  }

  describe(`plugin ${name}`, function () {
    it(`${name} supplies a conformance fixture`, function () {
      if (problem !== undefined) throw new Error(problem);
      if (fixture?.name !== name) throw new Error(`the fixture in ${file} is named "${fixture?.name}", not "${name}"`);
    });
    if (fixture) describeConformance(fixture, { pluginDir: dir });
  });
}
