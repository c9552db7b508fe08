/*
 * npm run plugin:new -- <name> [--plugins-dir <dir>] [--title "<Display Name>"]
 *
 * Writes plugins/<name>/ from scripts/plugin-template/: a manifest, src/{index,settings,flows,transformers,webhook}.ts,
 * test/conformance.fixture.ts, test/<name>.spec.ts and a README. The plugin talks to an imaginary
 * JSON-over-HTTPS provider and passes the conformance kit as generated; its `TODO:`s mark what a real
 * provider does differently. Nothing outside plugins/<name>/ is written: a plugin is not an npm
 * workspace, it finds @mixpay-broker/plugin-api in the broker's node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PLUGIN_API_VERSION } from '../src/plugin-api/version.js';
import { discoverPlugins } from '../src/plugin-host/plugin-discovery.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATE_DIR = join(REPO, 'scripts', 'plugin-template');
const DEFAULT_PLUGINS_DIR = join(REPO, 'plugins');

/** The manifest's rule, narrowed: starts with a letter, so it also makes a package name and an env prefix. */
const NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const RESERVED = new Set(['node_modules', 'test', 'tests', 'src', 'plugin-api', 'host']);

export class ScaffoldError extends Error {}

export interface ScaffoldOptions {
  readonly name: string;
  /** Where plugins live; default the repository's plugins/. */
  readonly pluginsDir?: string;
  /** Display name; default from the name (`acme_pay` -> `Acme Pay`). */
  readonly title?: string;
}

export interface Scaffolded {
  readonly dir: string;
  /** Relative to `dir`. */
  readonly files: string[];
}

/** Why a name cannot be a new plugin's, or null. */
export function nameProblem(name: string): string | null {
  if (!NAME.test(name)) return `"${name}" is not a valid plugin name: use 1-64 lower-case letters, digits, _ or -, starting with a letter`;
  if (RESERVED.has(name)) return `"${name}" is reserved`;
  return null;
}

export const titleOf = (name: string): string =>
  name
    .split(/[_-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');

/** Plugin names already taken under `pluginsDir`: folder names and manifest names. */
async function takenNames(pluginsDir: string): Promise<Map<string, string>> {
  const taken = new Map<string, string>();
  for (const entry of await readdir(pluginsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    taken.set(entry.name, `plugins folder ${entry.name}/ exists`);
  }
  for (const plugin of (await discoverPlugins(pluginsDir)).plugins) {
    taken.set(plugin.name, `${basename(plugin.dir)}/package.json already declares the plugin "${plugin.name}"`);
  }
  return taken;
}

async function templateFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await templateFiles(join(dir, entry.name), rel)));
    else if (entry.name.endsWith('.tmpl')) out.push(rel);
  }
  return out.sort();
}

/** Writes the plugin; refuses an invalid or taken name before writing anything. */
export async function scaffoldPlugin(options: ScaffoldOptions): Promise<Scaffolded> {
  const { name } = options;
  const problem = nameProblem(name);
  if (problem) throw new ScaffoldError(problem);
  const pluginsDir = resolve(options.pluginsDir ?? DEFAULT_PLUGINS_DIR);
  if (!(await stat(pluginsDir).catch(() => null))?.isDirectory()) throw new ScaffoldError(`${pluginsDir} is not a directory`);
  const taken = (await takenNames(pluginsDir)).get(name);
  if (taken) throw new ScaffoldError(`a plugin named "${name}" already exists: ${taken}`);

  const title = options.title ?? titleOf(name);
  const apiPackage = JSON.parse(readFileSync(join(REPO, 'src', 'plugin-api', 'package.json'), 'utf8')) as { version: string };
  const values: ReadonlyArray<readonly [string, string]> = [
    ['__API_PACKAGE_VERSION__', apiPackage.version],
    ['__API_VERSION__', PLUGIN_API_VERSION],
    ['__TITLE__', title],
    ['__ENV__', name.toUpperCase().replace(/-/g, '_')],
    ['__NAME__', name],
  ];
  const fill = (text: string) => values.reduce((acc, [placeholder, value]) => acc.replaceAll(placeholder, value), text);

  const dir = join(pluginsDir, name);
  // Not recursive: fails if the folder appeared meanwhile, and only then is anything written.
  await mkdir(dir);
  const files: string[] = [];
  try {
    for (const template of await templateFiles(TEMPLATE_DIR)) {
      const target = fill(template.slice(0, -'.tmpl'.length));
      await mkdir(dirname(join(dir, target)), { recursive: true });
      await writeFile(join(dir, target), fill(await readFile(join(TEMPLATE_DIR, template), 'utf8')), { flag: 'wx' });
      files.push(target);
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true }); // ours: made just above
    throw e;
  }
  return { dir, files };
}

function parseArgs(argv: readonly string[]): { name?: string; pluginsDir?: string; title?: string; install: boolean; help: boolean } {
  const out: { name?: string; pluginsDir?: string; title?: string; install: boolean; help: boolean } = { install: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--plugins-dir') out.pluginsDir = argv[++i];
    else if (arg.startsWith('--plugins-dir=')) out.pluginsDir = arg.slice('--plugins-dir='.length);
    else if (arg === '--title') out.title = argv[++i];
    else if (arg === '--no-install')
      out.install = false; // accepted for old scripts; nothing is installed any more
    else if (arg === '--help' || arg === '-h') out.help = true;
    else if (arg.startsWith('-')) throw new ScaffoldError(`unknown option ${arg}`);
    else if (out.name === undefined) out.name = arg;
    else throw new ScaffoldError(`one plugin name at a time (got "${out.name}" and "${arg}")`);
  }
  return out;
}

const USAGE = 'usage: npm run plugin:new -- <name> [--plugins-dir <dir>] [--title "<Display Name>"]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`plugin:new: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help || args.name === undefined) {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  let made: Scaffolded;
  try {
    made = await scaffoldPlugin({ name: args.name, pluginsDir: args.pluginsDir, title: args.title });
  } catch (e) {
    if (e instanceof ScaffoldError) {
      console.error(`plugin:new: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const name = args.name;
  const shown = relative(process.cwd(), made.dir) || made.dir;
  console.log(`Created ${shown}/ (plugin "${name}"):`);
  for (const file of made.files) console.log(`  ${file}`);

  const inRepo = resolve(dirname(made.dir)) === DEFAULT_PLUGINS_DIR;
  const env = name.toUpperCase().replace(/-/g, '_');
  const elsewhere = inRepo ? '' : ` --plugins-dir ${relative(process.cwd(), dirname(made.dir)) || '.'}`;
  const steps = [
    `Fill in the TODOs, where the real provider differs from the imaginary one: grep -rn "TODO:" ${shown}`,
    `Check it (type-check, layer rules, conformance kit, its own specs): npm run plugin:check -- ${name}${elsewhere}`,
    `Enable it: add a wallet with "plugin": "${name}" to config/broker.json (see ${shown}/README.md), ` +
      `set ${env}_API_KEY, ${env}_API_SECRET and ${env}_WEBHOOK_SECRET, then restart or reload the broker (kill -HUP, POST /admin/reload)`,
    'The guide: docs/writing-a-wallet-plugin.md',
  ];
  console.log('\nNext steps:');
  steps.forEach((step, i) => console.log(`  ${i + 1}. ${step}`));
  return 0;
}

if (process.argv[1] !== undefined && existsSync(process.argv[1]) && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
