import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolderInUseError, LOCK_FILE, lockDataFolder, type DataFolderLock } from '../../src/adapters/persistence/data-folder-lock.js';
import { currentProcess } from '../../src/adapters/system/process-identity.js';
import { startBroker } from '../../src/wiring/composition-root.js';
import { readEnv } from '../../src/config/env.js';
import { holdDataFolder } from '../support/data-folder-holder.js';
import { testConfig } from '../support/fixtures.js';
import { LogCapture } from '../support/log-capture.js';

const onLinux = process.platform === 'linux';

describe('One broker per data folder', () => {
  let folder: string;
  const held: DataFolderLock[] = [];
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mixpay-data-'));
  });
  afterEach(async () => {
    for (const lock of held.splice(0)) await lock.release();
    await rm(folder, { recursive: true, force: true });
  });

  const lock = async () => {
    const l = await lockDataFolder(folder);
    held.push(l);
    return l;
  };
  const refusal = async (): Promise<Error> => {
    try {
      await lock();
    } catch (e) {
      return e as Error;
    }
    throw new Error('the second opener was let in');
  };
  const lockRecord = async () => JSON.parse(await readFile(join(folder, LOCK_FILE), 'utf8')) as Record<string, unknown>;

  it('refuses a second opener while another process holds the folder, naming the folder and that process', async () => {
    const holder = await holdDataFolder(folder);
    try {
      const error = await refusal();
      expect(error).to.be.instanceOf(DataFolderInUseError);
      expect(error.message).to.contain(folder).and.contain(`pid ${holder.pid}`).and.contain('DATA_DIR');
    } finally {
      await holder.crash();
    }
  });

  it('takes the folder over when its holder has crashed (kill -9 leaves its lock behind)', async () => {
    const holder = await holdDataFolder(folder);
    await holder.crash();
    expect((await lockRecord()).pid).to.equal(holder.pid);

    await lock();
    expect((await lockRecord()).pid).to.equal(process.pid);
  });

  it("does not take a new process that was given the dead holder's pid for the holder", async function () {
    if (!onLinux) this.skip(); // start times come from /proc
    const holder = await holdDataFolder(folder);
    await holder.crash();
    // The dead holder's record, as if its pid now belonged to a live process (this one).
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ ...(await lockRecord()), pid: process.pid }));

    await lock();
    expect((await lockRecord()).startTicks).to.equal(currentProcess().startTicks); // now this process's lock
  });

  it('lets exactly one in when several openers race for a folder whose holder crashed', async () => {
    const holder = await holdDataFolder(folder);
    await holder.crash();

    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => lock()));
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as Error);
    expect(outcomes.length - refused.length).to.equal(1);
    for (const r of refused) expect(r).to.be.instanceOf(DataFolderInUseError);
    expect(await readdir(folder)).to.deep.equal([LOCK_FILE]); // no guard or draft left behind
  });

  it('lets exactly one in when several openers race for a free folder', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => lock()));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
  });

  it('frees the folder on release and when its holder exits normally', async () => {
    await (await lock()).release();
    await (await lock()).release();

    const holder = await holdDataFolder(folder, { thenExit: true });
    await holder.exited;
    expect(await readdir(folder)).to.deep.equal([]);
  });

  it('refuses a folder locked from another host, and says how to clear it if nothing runs there', async () => {
    const first = await lock();
    const record = await lockRecord();
    await first.release();
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ ...record, host: 'another-host' }));

    const error = await refusal();
    expect(error.message).to.contain('on host another-host').and.contain(join(folder, LOCK_FILE));
  });

  it('a broker started on a held folder is refused before it writes anything there', async () => {
    const holder = await holdDataFolder(folder);
    try {
      const logs = new LogCapture();
      const env = readEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: folder, LOG_LEVEL: 'info' });
      let error: unknown;
      await startBroker({ env, processEnv: {}, config: testConfig(), logDestination: logs, workers: false }).then(
        (b) => b.close(),
        (e: unknown) => (error = e),
      );
      expect(error).to.be.instanceOf(DataFolderInUseError);
      expect(await readdir(folder)).to.deep.equal([LOCK_FILE]); // no database created
      expect((await lockRecord()).pid).to.equal(holder.pid);
    } finally {
      await holder.crash();
    }
  });
});
