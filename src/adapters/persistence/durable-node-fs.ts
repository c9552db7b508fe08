import { constants, fsyncSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeFS } from '@electric-sql/pglite/nodefs';

type InitArgs = Parameters<NodeFS['init']>;
type EmscriptenOptions = Awaited<ReturnType<NodeFS['init']>>['emscriptenOpts'];

/** The part of Emscripten's NODEFS this reaches into (not in PGlite's typed API). */
interface NodeFsInternals {
  stream_ops?: { fsync?: (stream: { nfd?: number }) => number };
  tryFSOperation?: <T>(operation: () => T) => T;
  /** Emscripten's open() flags to Node's. */
  flagsForNodeMap?: Record<number, number>;
}

/** Emscripten's (musl's) O_DSYNC. */
const WASM_O_DSYNC = 0o10000;

/**
 * PGlite's on-disk filesystem is Emscripten's NODEFS, which has no fsync: PostgreSQL's fsync()
 * (checkpoints, the control file, new WAL segments) returns success without reaching the disk.
 * This gives NODEFS an fsync that calls the real one, so `fsync = on` means what it says. It also
 * opens O_DSYNC files (the WAL, with wal_sync_method=open_datasync) O_DSYNC rather than O_SYNC,
 * which would also force each write's mtime out: a second disk write per commit for nothing.
 */
export class DurableNodeFS extends NodeFS {
  /** 'added' here, 'native' if this PGlite's NODEFS has its own, 'missing' if NODEFS was not found. */
  fsync: 'added' | 'native' | 'missing' = 'missing';
  /** fsyncs that reached the disk (a test watches PostgreSQL's checkpoints arrive). */
  fsyncs = 0;

  override async init(...[pg, options]: InitArgs): Promise<{ emscriptenOpts: EmscriptenOptions }> {
    const { emscriptenOpts } = await super.init(pg, options);
    const patch = (mod: { FS: unknown }) => {
      const nodefs = (mod.FS as { filesystems?: { NODEFS?: NodeFsInternals } }).filesystems?.NODEFS;
      const ops = nodefs?.stream_ops;
      const guard = nodefs?.tryFSOperation?.bind(nodefs);
      if (!ops || !guard) return;
      const flags = nodefs.flagsForNodeMap;
      if (flags && constants.O_DSYNC !== undefined && flags[WASM_O_DSYNC] === constants.O_SYNC) flags[WASM_O_DSYNC] = constants.O_DSYNC;
      if (ops.fsync) {
        this.fsync = 'native';
        return;
      }
      ops.fsync = (stream) => {
        // Node's errors become the errno PostgreSQL sees; it then stops rather than trust the disk.
        guard(() => fsyncSync(stream.nfd!));
        this.fsyncs += 1;
        return 0;
      };
      this.fsync = 'added';
    };
    const preRun = [...((emscriptenOpts as { preRun?: unknown[] }).preRun ?? []), patch];
    return { emscriptenOpts: { ...emscriptenOpts, preRun } as EmscriptenOptions };
  }
}

/**
 * fsyncs every file and folder under `dir`. PGlite runs initdb in memory and copies the new
 * database into the folder behind PostgreSQL's back; initdb itself would have synced it.
 */
export async function fsyncTree(dir: string): Promise<number> {
  let synced = 0;
  const sync = async (path: string) => {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
      synced += 1;
    } finally {
      await handle.close();
    }
  };
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) await sync(path);
    }
    await sync(folder); // after its entries, so the names reach the disk too
  };
  await walk(dir);
  return synced;
}
