import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./data-folder-holder.child.ts', import.meta.url));

/** Another process holding a data folder's lock, as a second broker would. */
export interface FolderHolder {
  readonly pid: number;
  /** A crash: SIGKILL, so nothing of the holder runs; resolves once it has exited. */
  crash(): Promise<void>;
  /** Resolves when it has exited (by itself, after "exit"). */
  readonly exited: Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts a process that takes `folder`'s lock; resolves once it holds it. `thenExit`: it exits normally right after. */
export async function holdDataFolder(folder: string, options: { thenExit?: boolean } = {}): Promise<FolderHolder> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, folder, ...(options.thenExit ? ['exit'] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (running.delete(child), resolve())));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let locked = false;
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      locked ||= chunk.toString('utf8').includes('locked');
      if (locked) resolve();
    });
    void exited.then(() => (locked ? resolve() : reject(new Error(`the holder exited without locking ${folder}:\n${stderr}`))));
  });
  return {
    pid: child.pid!,
    exited,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
