import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeConformance, fixtureProblems, type ConformanceFixture } from '@mixpay-broker/plugin-api/testing';
import { discoverPlugins } from '../../src/plugin-host/plugin-discovery.js';

/*
 * Runs the conformance kit for every plugin package under plugins/ (a folder whose package.json has
 * a `mixpayBroker` manifest), found as the broker finds them. A plugin without
 * `test/conformance.fixture.ts` fails "<plugin> supplies a conformance fixture", and one with an
 * invalid manifest fails "<plugin> has a valid manifest": none can skip the kit.
 *   CONFORMANCE_PLUGINS_DIR  another plugins folder (the scaffold test's temporary one)
 *   CONFORMANCE_PLUGIN       only these plugins, comma-separated (npm run plugin:check -- <name>)
 */

const FIXTURE = join('test', 'conformance.fixture.ts');
const discovery = await discoverPlugins(process.env.CONFORMANCE_PLUGINS_DIR ?? fileURLToPath(new URL('../../plugins/', import.meta.url)));
const { pluginsDir } = discovery;
const only = (process.env.CONFORMANCE_PLUGIN ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

const plugins = discovery.plugins.filter((p) => only.length === 0 || only.includes(p.name));

describe('plugin conformance', function () {
  for (const name of only.filter((n) => discovery.find(n).status === 'missing')) {
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

for (const plugin of plugins) {
  const { name, dir } = plugin;
  if (plugin.status === 'broken') {
    describe(`plugin ${name}`, function () {
      it(`${name} has a valid manifest`, function () {
        throw new Error(`${dir}/package.json: ${plugin.problem}`);
      });
    });
    continue;
  }
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
