import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Logger } from '../../domain/ports/logger.port.js';
import { lockDataFolder, type DataFolderLock } from './data-folder-lock.js';
import { CHECKPOINTS, EmbeddedCheckpoints, type CheckpointPolicy } from './embedded-checkpoints.js';
import { DurableNodeFS, fsyncTree } from './durable-node-fs.js';
import { EmbeddedSocketServer } from './embedded-socket-server.js';

export interface EmbeddedPostgres {
  /** A postgresql:// URL the ordinary driver connects to. */
  readonly url: string;
  /** Takes a checkpoint now if one is due (its timer does this every few seconds). */
  readonly checkpoints: EmbeddedCheckpoints;
  /** fsyncs that have reached the disk so far (0 in memory). */
  fsyncCount(): number;
  stop(): Promise<void>;
}

/**
 * Memory: a small broker's tables fit in 16 MB of buffers (the OS caches the files too), against
 * PGlite's 128 MB, which it keeps resident. WAL: keep at most a few 16 MB segments for reuse.
 */
const MEMORY = ['-c', 'shared_buffers=16MB', '-c', 'min_wal_size=32MB', '-c', 'max_wal_size=64MB'];

/**
 * Durable commits. PGlite starts PostgreSQL with -F (fsync off). Its file system turns fdatasync()
 * into a no-op, so the WAL is opened O_DSYNC instead (open_datasync): a commit returns once its WAL
 * is on disk. Everything else PostgreSQL fsyncs goes through DurableNodeFS.
 */
const DURABLE = ['-c', 'fsync=on', '-c', 'wal_sync_method=open_datasync'];

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/**
 * PostgreSQL compiled to WASM (PGlite), served on a loopback socket so the ordinary driver talks to
 * it. It is one backend session: concurrent transactions are serialised, which is correct but slow.
 * `dataFolder` (DATA_DIR) is locked for this process, and the database lives in its `pg/`; null
 * keeps everything in memory (tests).
 */
/** pg_trgm: the order search's trigram index. */
const extensions = { pg_trgm };

export async function startEmbeddedPostgres(
  dataFolder: string | null,
  logger: Logger = silent,
  checkpointPolicy: CheckpointPolicy = CHECKPOINTS,
): Promise<EmbeddedPostgres> {
  const lock: DataFolderLock | null = dataFolder ? await lockDataFolder(dataFolder) : null;
  let db: PGlite | null = null;
  try {
    const defaults = PGlite.defaultStartParams;
    let fs: DurableNodeFS | undefined;
    if (lock) {
      const dir = join(lock.folder, 'pg');
      const fresh = !existsSync(join(dir, 'PG_VERSION'));
      fs = new DurableNodeFS(dir);
      db = await PGlite.create({
        dataDir: dir,
        fs,
        startParams: [...defaults.filter((p) => p !== '-F'), ...DURABLE, ...MEMORY],
        extensions,
      });
      if (fresh) await fsyncTree(dir);
    } else {
      db = await PGlite.create({ startParams: [...defaults, ...MEMORY], extensions });
    }
    reportDurability(logger, lock?.folder ?? null, fs);
    const server = new EmbeddedSocketServer(db);
    await server.start();
    const pg = db;
    const checkpoints = new EmbeddedCheckpoints(pg, logger, checkpointPolicy);
    checkpoints.start();
    return {
      url: `postgresql://postgres@${server.address()}/postgres`,
      checkpoints,
      fsyncCount: () => fs?.fsyncs ?? 0,
      async stop() {
        await checkpoints.stop();
        await server.stop();
        await pg.close(); // with its shutdown checkpoint
        await lock?.release();
      },
    };
  } catch (e) {
    await db?.close().catch(() => undefined);
    await lock?.release();
    throw e;
  }
}

function reportDurability(logger: Logger, folder: string | null, fs: DurableNodeFS | undefined): void {
  if (!folder || !fs) {
    logger.info({ data_dir: null }, 'embedded PostgreSQL in memory: nothing survives the process');
  } else if (fs.fsync === 'missing') {
    logger.warn(
      { data_dir: folder, fsync: 'partial' },
      'embedded PostgreSQL: this PGlite cannot fsync its data files, only write its WAL through; a machine crash ' +
        'during a checkpoint can lose acknowledged writes. Use DATABASE_URL for anything real',
    );
  } else {
    logger.info(
      { data_dir: folder, fsync: 'on', wal_sync_method: 'open_datasync' },
      'embedded PostgreSQL on disk: commits reach the disk before they are acknowledged',
    );
  }
}
