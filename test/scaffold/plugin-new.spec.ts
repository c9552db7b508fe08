import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, lstat, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { scaffoldPlugin, ScaffoldError } from '../../scripts/plugin-new.js';

/*
 * npm run plugin:new, end to end: a plugin generated into a temporary copy of plugins/ writes nothing
 * outside its own folder, passes npm run plugin:check as generated (type-check, layer rules, the
 * conformance kit, its own specs), and the kit catches it once it is broken.
 */

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const NAME = 'acme_pay';

interface Ran {
  readonly code: number | null;
  readonly output: string;
}

/** A TypeScript script of the repository in a child node, as `npm run` would start it. */
function runScript(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

/** Every entry under `dir` (not following symlinks) with a hash of its content, except the paths `skip` starts. */
async function snapshot(dir: string, skip: readonly string[] = []): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(dir, rel))) {
      const path = rel ? `${rel}/${entry}` : entry;
      if (skip.some((s) => path === s || path.startsWith(`${s}/`))) continue;
      const full = join(dir, path);
      const info = await lstat(full);
      if (info.isSymbolicLink()) out.set(path, `link:${await readlink(full)}`);
      else if (info.isDirectory()) {
        out.set(path, 'dir');
        await walk(path);
      } else
        out.set(
          path,
          createHash('sha256')
            .update(await readFile(full))
            .digest('hex'),
        );
    }
  };
  await walk('');
  return out;
}

const hashOf = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('plugin:new scaffold', function () {
  this.timeout(60_000);
  this.slow(15_000); // spawns tsc, depcruise and mocha on a generated plugin, as an author would
  let root: string;
  let pluginsDir: string;

  before(async function () {
    // A copy of plugins/ (without node_modules), and the repository's node_modules, so the copy resolves
    // @mixpay-broker/plugin-api, chai and nock exactly as plugins/ does.
    root = await mkdtemp(join(tmpdir(), 'plugin-new-'));
    pluginsDir = join(root, 'plugins');
    await cp(join(REPO, 'plugins'), pluginsDir, { recursive: true, filter: (source) => !source.split(/[\\/]/).includes('node_modules') });
    await symlink(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  });

  after(async function () {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('refuses an invalid name, and the name of an existing plugin, writing nothing', async function () {
    const before = await snapshot(root);
    for (const name of ['Acme', 'acme pay', '1acme', '../escape', '']) {
      const refused = await scaffoldPlugin({ name, pluginsDir }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused, `"${name}" was accepted`).to.be.instanceOf(ScaffoldError);
    }
    // By folder, and by manifest name in a folder called something else.
    await writeFile(
      join(pluginsDir, 'mock', 'package.json'),
      (await readFile(join(pluginsDir, 'mock', 'package.json'), 'utf8')).replace('"name": "mock"', '"name": "mock_renamed"'),
    );
    const snapshotWithRename = await snapshot(root);
    for (const name of ['mock', 'mock_renamed']) {
      const refused = await scaffoldPlugin({ name, pluginsDir }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(refused, `"${name}" was accepted`).to.be.instanceOf(ScaffoldError);
      expect(refused?.message).to.match(/already exists/);
    }
    expect(await snapshot(root)).to.deep.equal(snapshotWithRename);
    await writeFile(join(pluginsDir, 'mock', 'package.json'), await readFile(join(REPO, 'plugins', 'mock', 'package.json')));
    expect(await snapshot(root)).to.deep.equal(before);
  });

  it('writes plugins/<name>/ and nothing else, and prints the next steps', async function () {
    const outside = await snapshot(root, [`plugins/${NAME}`]);
    const repoFiles = { pkg: await hashOf(join(REPO, 'package.json')), lock: await hashOf(join(REPO, 'package-lock.json')) };
    const ran = await runScript(['scripts/plugin-new.ts', NAME, '--plugins-dir', pluginsDir]);
    expect(ran.code, ran.output).to.equal(0);

    const written = [...(await snapshot(join(pluginsDir, NAME))).entries()].filter(([, kind]) => kind !== 'dir').map(([path]) => path);
    expect(written.sort()).to.deep.equal([
      'README.md',
      'package.json',
      'src/flows.ts',
      'src/index.ts',
      'src/settings.ts',
      'src/transformers.ts',
      'src/webhook.ts',
      `test/${NAME}.spec.ts`,
      'test/conformance.fixture.ts',
    ]);
    const manifest = JSON.parse(await readFile(join(pluginsDir, NAME, 'package.json'), 'utf8'));
    expect(manifest.name).to.equal(`@mixpay-broker/plugin-${NAME}`);
    expect(manifest.mixpayBroker).to.deep.equal({
      name: NAME,
      apiVersion: '1',
      entry: './src/index.ts',
      settingsSchema: './src/settings.ts',
    });
    for (const file of written) expect(await readFile(join(pluginsDir, NAME, file), 'utf8'), file).to.not.match(/__[A-Z_]+__/);

    expect(await snapshot(root, [`plugins/${NAME}`]), 'something outside plugins/<name>/ changed').to.deep.equal(outside);
    expect(await readdir(join(REPO, 'plugins')), 'the repository plugins/ folder').to.not.include(NAME);
    expect({ pkg: await hashOf(join(REPO, 'package.json')), lock: await hashOf(join(REPO, 'package-lock.json')) }).to.deep.equal(repoFiles);

    expect(ran.output).to.include('Next steps');
    expect(ran.output).to.include(`npm run plugin:check -- ${NAME}`);
    expect(ran.output).to.include('TODO:');
    expect(ran.output).to.include('config/broker.json');
  });

  it('passes npm run plugin:check as generated: types, layer rules, the conformance kit and its own specs', async function () {
    const ran = await runScript(['scripts/plugin-check.ts', NAME, '--plugins-dir', pluginsDir]);
    expect(ran.code, ran.output.slice(-4000)).to.equal(0);
    expect(ran.output).to.match(/✔ type-check/);
    expect(ran.output).to.match(/✔ layer rules/);
    const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(ran.output);
    expect(summary, 'no mocha summary').to.not.equal(null);
    expect(Number(summary![1]), 'tests passed').to.be.greaterThan(25);
    expect(summary!.slice(2)).to.deep.equal(['0', '0']);
    expect(ran.output).to.include(`${NAME} supplies a conformance fixture`);
    expect(ran.output).to.include(`${NAME} passes every check.`);
  });

  it('fails the conformance kit once the generated plugin charges the amount without the fee', async function () {
    const broken = `${NAME}_nofee`;
    await scaffoldPlugin({ name: broken, pluginsDir });
    const transformers = join(pluginsDir, broken, 'src', 'transformers.ts');
    const source = await readFile(transformers, 'utf8');
    expect(source).to.include('amount: request.payAmount,');
    await writeFile(transformers, source.replace('amount: request.payAmount,', 'amount: request.amount,'));

    const ran = await runScript(
      [
        'node_modules/mocha/bin/mocha.js',
        '--no-config',
        '--import=tsx',
        '--require',
        'test/support/hooks.ts',
        '--timeout',
        '30000',
        '--exit',
        '--reporter',
        'json',
        'test/conformance/plugins.spec.ts',
      ],
      { CONFORMANCE_PLUGINS_DIR: pluginsDir, CONFORMANCE_PLUGIN: broken },
    );
    const report = JSON.parse(ran.output.slice(ran.output.indexOf('{'))) as {
      stats: { passes: number };
      failures: Array<{ title: string }>;
    };
    const failed = report.failures.map((f) => f.title);
    expect(
      failed.filter((t) => t.startsWith('sends the provider amount + fee')),
      failed.join('\n'),
    ).to.have.lengthOf(2);
    expect(report.stats.passes, 'the rest of the kit still passes').to.be.greaterThan(20);
  });
});
