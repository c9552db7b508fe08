import { expect } from 'chai';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolderInUseError, lockDataFolder } from '../../src/adapters/persistence/data-folder-lock.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/adapters/persistence/embedded-postgres.js';
import { createLogger } from '../../src/adapters/logging/pino-logger.js';
import { SecretRegistry } from '../../src/adapters/logging/secret-registry.js';
import { sqlConnection } from '../support/database.js';
import { LogCapture } from '../support/log-capture.js';

type Sql = Awaited<ReturnType<typeof sqlConnection>>;

/** Linux's O_DSYNC, as /proc/<pid>/fdinfo shows open flags (octal). */
const O_DSYNC = 0o10000;
const MiB = 1024 * 1024;

describe('The embedded database on disk (npm start without DATABASE_URL)', () => {
  let folder: string;
  let embedded: EmbeddedPostgres;
  let sql: Sql;
  const logs = new LogCapture();

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mixpay-embedded-'));
    const logger = createLogger({ level: 'info', secrets: new SecretRegistry(), destination: logs });
    // The tests take checkpoints themselves, with a threshold a test can reach quickly.
    embedded = await startEmbeddedPostgres(folder, logger, { checkEveryMs: 3_600_000, afterWalBytes: 1 * MiB, maxIntervalMs: 3_600_000 });
    sql = await sqlConnection(embedded.url);
    await sql.execute('create table filler (id bigint, v text)');
  });
  after(async () => {
    await sql?.close();
    await embedded?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const setting = async (name: string) => (await sql.execute<{ v: string }[]>(`select current_setting('${name}') as v`))[0]!.v;
  const redo = async () => (await sql.execute<{ lsn: string }[]>('select redo_lsn::text as lsn from pg_control_checkpoint()'))[0]!.lsn;
  const fill = (rows: number) => sql.execute(`insert into filler select g, md5(g::text) from generate_series(1, ${rows}) g`);

  it('runs PostgreSQL with fsync on, and says so in the start-up log', async () => {
    expect(await setting('fsync')).to.equal('on');
    expect(await setting('wal_sync_method')).to.equal('open_datasync');
    const line = logs.records().find((r) => r.data_dir === folder);
    expect(line).to.include({ level: 'info', fsync: 'on' });
  });

  it('writes its WAL with O_DSYNC, so a commit is on disk before it is acknowledged', async function () {
    if (process.platform !== 'linux') this.skip(); // reads /proc
    await fill(10);
    const wal = readdirSync('/proc/self/fd')
      .map((fd) => ({ fd, target: safeReadlink(`/proc/self/fd/${fd}`) }))
      .filter(({ target }) => target.startsWith(join(folder, 'pg', 'pg_wal')) && /\/[0-9A-F]{24}$/.test(target))
      .map(({ fd }) => Number.parseInt(/^flags:\s+(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1]!, 8))
      .filter((flags) => (flags & 3) !== 0); // open for writing
    expect(wal).to.not.be.empty;
    for (const flags of wal) expect(flags & O_DSYNC, `flags 0${flags.toString(8)}`).to.equal(O_DSYNC);
  });

  it('fsyncs the files a checkpoint wrote', async () => {
    await fill(1000);
    const before = embedded.fsyncCount();
    await sql.execute('checkpoint');
    expect(embedded.fsyncCount()).to.be.greaterThan(before);
  });

  it('checkpoints by itself once enough WAL is written (PGlite never would), so the WAL stays bounded', async () => {
    const start = await redo();
    await fill(20_000); // a few MB of WAL, past the 1 MB threshold of this test
    expect(await embedded.checkpoints.tick()).to.equal('checkpointed');
    expect(await redo()).to.not.equal(start);
  });

  it('checkpoints on time only if something was written since the last checkpoint', async () => {
    const now = Date.now();
    await fill(1);
    expect(await embedded.checkpoints.tick(now + 2 * 3_600_000)).to.equal('checkpointed');
    expect(await embedded.checkpoints.tick(now + 4 * 3_600_000)).to.equal('not-needed');
  });

  it("does not checkpoint in the middle of a client's transaction", async () => {
    await fill(20_000);
    await sql.execute('begin');
    try {
      expect(await embedded.checkpoints.tick()).to.equal('busy');
    } finally {
      await sql.execute('rollback');
    }
  });

  it('holds its data folder: a second opener is refused, naming the folder and this process', async () => {
    let error: unknown;
    await lockDataFolder(folder).then(
      (l) => l.release(),
      (e: unknown) => (error = e),
    );
    expect(error).to.be.instanceOf(DataFolderInUseError);
    expect((error as Error).message)
      .to.contain(folder)
      .and.contain(`pid ${process.pid}`);
  });
});

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return ''; // closed in between
  }
}
