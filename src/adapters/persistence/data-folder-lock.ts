import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProcess, liveness, type ProcessIdentity } from '../system/process-identity.js';

/*
 * One broker per data folder. The embedded database is one process's files: a second process
 * opening them reserves against the same balances and overwrites the first one's writes.
 *
 * The lock is a file naming its holder, created whole with link() (an atomic create-if-absent, so
 * nobody ever reads a half-written lock). A lock whose holder is gone (crashed, killed, the machine
 * rebooted, its pid now someone else's) is taken over; takers of the same stale lock first win a
 * guard file named after it, and replace the lock only if it is still the one they judged, so two
 * openers racing after a crash never both get in.
 */

export const LOCK_FILE = 'broker.lock';

interface LockRecord extends ProcessIdentity {
  readonly nonce: string;
  readonly startedAt: string;
}

export interface DataFolderLock {
  readonly folder: string;
  release(): Promise<void>;
}

export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: ProcessIdentity & { startedAt?: string },
  ) {
    const here = holder.host === currentProcess().host;
    super(
      `the data folder ${folder} is in use by another broker (pid ${holder.pid}${here ? '' : ` on host ${holder.host}`}` +
        `${holder.startedAt ? `, since ${holder.startedAt}` : ''}). Stop that broker first, or give this one its own DATA_DIR` +
        (here ? '.' : `; if no broker runs there any more, delete ${join(folder, LOCK_FILE)}.`),
    );
  }
}

/** Takes the data folder for this process, or refuses at once if another live process holds it. */
export async function lockDataFolder(dir: string): Promise<DataFolderLock> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const lockPath = join(folder, LOCK_FILE);
  const me: LockRecord = { ...currentProcess(), nonce: randomUUID(), startedAt: new Date().toISOString() };
  const mine = `${JSON.stringify(me)}\n`;
  const draft = join(folder, `${LOCK_FILE}.${me.nonce}.tmp`);
  await writeFile(draft, mine, { flag: 'wx' });
  try {
    for (let attempt = 1; attempt <= 50; attempt++) {
      if (await createOnce(draft, lockPath)) return held(folder, lockPath, mine);
      const raw = await readIfThere(lockPath);
      if (raw === null) continue; // released in between: try again
      const holder = parse(raw);
      // A lock we cannot read was not written whole by a broker (link() never shows half a file): stale.
      if (holder && liveness(holder) !== 'gone') throw new DataFolderInUseError(folder, holder);
      if (await takeOver(folder, lockPath, raw, draft)) {
        await removeLeftovers(folder);
        return held(folder, lockPath, mine);
      }
      await sleep(attempt); // another opener is taking over the same stale lock: look again
    }
    throw new Error(`could not lock the data folder ${folder}: ${LOCK_FILE} kept changing`);
  } finally {
    await rm(draft, { force: true });
  }
}

/**
 * Replaces the stale lock `staleRaw` with ours, if this opener wins the guard for it. A guard whose
 * holder died (mid-takeover) is passed by the next guard in a chain every taker names alike.
 */
async function takeOver(folder: string, lockPath: string, staleRaw: string, draft: string): Promise<boolean> {
  let key = digest(staleRaw);
  for (;;) {
    const guard = join(folder, `${LOCK_FILE}.takeover-${key}`);
    if (await createOnce(draft, guard)) {
      try {
        if ((await readIfThere(lockPath)) !== staleRaw) return false; // someone else replaced it first
        await rename(draft, lockPath); // atomic: the folder is never without a lock
        return true;
      } finally {
        await rm(guard, { force: true });
      }
    }
    const guardRaw = await readIfThere(guard);
    if (guardRaw === null) return false;
    const taker = parse(guardRaw);
    if (taker && liveness(taker) !== 'gone') return false;
    key = digest(key + guardRaw);
  }
}

function held(folder: string, lockPath: string, mine: string): DataFolderLock {
  // Released on any exit that runs JavaScript; a kill -9 leaves a stale lock, taken over next time.
  const onExit = () => {
    try {
      if (readFileSync(lockPath, 'utf8') === mine) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  let released = false;
  return {
    folder,
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      if ((await readIfThere(lockPath)) === mine) await rm(lockPath, { force: true });
    },
  };
}

/** link() fails with EEXIST when the target exists: the one create-if-absent that writes a whole file. */
async function createOnce(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

async function readIfThere(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function parse(raw: string): LockRecord | null {
  try {
    const r = JSON.parse(raw) as Partial<LockRecord>;
    if (typeof r.pid !== 'number' || typeof r.host !== 'string') return null;
    return {
      pid: r.pid,
      host: r.host,
      bootId: r.bootId ?? null,
      startTicks: r.startTicks ?? null,
      nonce: String(r.nonce),
      startedAt: String(r.startedAt),
    };
  } catch {
    return null;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Guards and drafts left by openers that died; the lock has moved on, so none of them matters now. */
async function removeLeftovers(folder: string): Promise<void> {
  for (const name of await readdir(folder)) {
    if (!name.startsWith(`${LOCK_FILE}.`)) continue;
    const raw = await readIfThere(join(folder, name));
    const who = raw === null ? null : parse(raw);
    // An unreadable draft may be another opener's, still being written: left alone.
    if (who && liveness(who) === 'gone') await rm(join(folder, name), { force: true });
  }
}
