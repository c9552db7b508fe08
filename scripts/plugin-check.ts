/*
 * npm run plugin:check -- <name> [--plugins-dir <dir>]
 *
 * Everything a plugin must pass, for one plugin: the type-check of its files (and what they import),
 * the layer rules on its folder, then mocha on the conformance kit (test/conformance/plugins.spec.ts,
 * filtered to this plugin) plus the plugin's own test/**\/*.spec.ts. Every step runs, a summary
 * follows, and the exit code is non-zero when any step failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { discoverPlugins } from '../src/plugin-host/plugin-discovery.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = {
  tsc: join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
  depcruise: join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
  mocha: join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js'),
};

interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: string;
}

function run(
  name: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; detail?: (output: string) => string } = {},
): Step {
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const result = spawnSync(process.execPath, args, {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  process.stdout.write(output);
  const ok = result.status === 0;
  const detail = options.detail ? options.detail(output) : ok ? 'ok' : `exit ${result.status ?? result.signal}`;
  return { name, ok, seconds: (Date.now() - started) / 1000, detail };
}

function parseArgs(argv: readonly string[]): { name?: string; pluginsDir: string } {
  let name: string | undefined;
  let pluginsDir = join(REPO, 'plugins');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--plugins-dir') pluginsDir = resolve(argv[++i] ?? '');
    else if (arg.startsWith('--plugins-dir=')) pluginsDir = resolve(arg.slice('--plugins-dir='.length));
    else if (!arg.startsWith('-') && name === undefined) name = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  return { name, pluginsDir };
}

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    console.error(`plugin:check: ${(e as Error).message}`);
    return 2;
  }
  if (!args.name) {
    console.error('usage: npm run plugin:check -- <name> [--plugins-dir <dir>]');
    return 2;
  }
  const { name, pluginsDir } = args;
  const found = (await discoverPlugins(pluginsDir)).find(name);
  if (found.status === 'missing') {
    console.error(
      `plugin:check: no plugin named "${name}" under ${pluginsDir} ` +
        `(a folder whose package.json has "mixpayBroker": { "name": "${name}", … })`,
    );
    return 1;
  }
  // Broken is not missing: the checks still run, and the conformance kit fails on the manifest.
  if (found.status === 'broken') console.error(`plugin:check: ${name} has an invalid manifest: ${found.problem}`);
  const pluginDir = found.dir;
  const inRepo = pluginDir.startsWith(REPO + sep);
  console.log(`plugin:check ${name} (${inRepo ? relative(REPO, pluginDir) : pluginDir})`);
  const steps: Step[] = [];

  // 1. Types: the plugin's files and everything they import, under the repository's compiler options.
  const scratch = mkdtempSync(join(tmpdir(), 'plugin-check-'));
  try {
    const tsconfig = join(scratch, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: join(REPO, 'tsconfig.json'),
        compilerOptions: { noEmit: true, rootDir: '/', typeRoots: [join(REPO, 'node_modules', '@types')] },
        include: [join(pluginDir, '**', '*.ts')],
      }),
    );
    steps.push(run('type-check', [BIN.tsc, '-p', tsconfig, '--pretty', String(Boolean(process.stdout.isTTY))]));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  // 2. Layer rules on the plugin's folder: it reaches the host only through @mixpay-broker/plugin-api (and /testing from test/).
  const cruiseRoot = inRepo ? REPO : dirname(pluginsDir);
  steps.push(
    run(
      inRepo ? 'layer rules' : 'layer rules (outside the repository: host paths are not recognised, plugin-to-plugin rules apply)',
      [
        BIN.depcruise,
        relative(cruiseRoot, pluginDir),
        '--config',
        join(REPO, '.dependency-cruiser.cjs'),
        '--ts-config',
        join(REPO, 'tsconfig.json'),
      ],
      { cwd: cruiseRoot },
    ),
  );

  // 3. The conformance kit, for this plugin only, and the plugin's own specs.
  steps.push(
    run(
      'conformance kit + plugin specs',
      [
        BIN.mocha,
        '--no-config',
        '--import=tsx',
        '--require',
        'test/support/hooks.ts',
        '--timeout',
        '30000',
        '--exit',
        '--reporter',
        './test/support/spec-with-summary.cjs',
        'test/conformance/plugins.spec.ts',
        join(pluginDir, 'test', '**', '*.spec.ts'),
      ],
      {
        env: { CONFORMANCE_PLUGIN: name, CONFORMANCE_PLUGINS_DIR: pluginsDir },
        detail: (output) => output.match(/^(\d+ passed, \d+ failed, \d+ skipped)$/m)?.[1] ?? 'no summary (did mocha start?)',
      },
    ),
  );

  console.log(`\nplugin:check ${name}`);
  for (const step of steps) console.log(`  ${step.ok ? '✔' : '✘'} ${step.name.padEnd(32)} ${step.detail} (${step.seconds.toFixed(1)} s)`);
  const failed = steps.filter((s) => !s.ok).length;
  console.log(failed === 0 ? `\n${name} passes every check.` : `\n${name}: ${failed} of ${steps.length} checks failed.`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && existsSync(process.argv[1]) && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
