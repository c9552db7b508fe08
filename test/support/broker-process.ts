import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './file-broker.js';
import { suiteLog } from './suite-log.js';

/*
 * The broker as `npm start` runs it (src/main.ts), in a child process, for what only a process
 * has: signals. Every child is killed when the test process exits, whatever happened to the test.
 */

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface BrokerProcessOptions {
  readonly configFile: string;
  readonly databaseUrl: string;
  readonly adminToken: string;
  readonly pluginsDir?: string;
  /** How long to wait for /healthz to answer. */
  readonly startTimeoutMs?: number;
}

export interface BrokerProcess {
  readonly pid: number;
  readonly url: string;
  /** The child's log records (JSON lines on stdout), oldest first. */
  readonly logs: Record<string, unknown>[];
  /** Resolves with the first log record (already seen or still to come) `match` accepts. */
  waitForLog(match: (record: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGTERM, then SIGKILL if it has not exited within a few seconds; resolves once it has exited. */
  stop(): Promise<void>;
  /** Resolves with the exit code once the process has exited (null: killed by a signal). */
  readonly exited: Promise<number | null>;
}

export async function startBrokerProcess(options: BrokerProcessOptions): Promise<BrokerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATABASE_URL: options.databaseUrl,
      BROKER_CONFIG: options.configFile,
      ADMIN_TOKEN: options.adminToken,
      PLUGINS_DIR: options.pluginsDir ?? 'plugins',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const logs: Record<string, unknown>[] = [];
  const lines: string[] = []; // as written, for the suite-wide secret grep
  suiteLog.watch(lines);
  suiteLog.secret(options.adminToken);
  const waiters: { match: (r: Record<string, unknown>) => boolean; resolve: (r: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      record = { msg: line };
    }
    logs.push(record);
    for (const w of [...waiters]) {
      if (w.match(record)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(record);
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim()),
    );
  });

  async function stop(): Promise<void> {
    if (hasExited) return;
    child.kill('SIGTERM');
    const gone = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!gone) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  const handle: BrokerProcess = {
    pid: child.pid!,
    url,
    logs,
    exited,
    waitForLog(match, timeoutMs = 10_000) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve: (r: Record<string, unknown>) => (clearTimeout(timer), resolve(r)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching log line within ${timeoutMs} ms; last lines: ${JSON.stringify(logs.slice(-5))}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    stop,
  };

  // Ready when /healthz answers; a child that exits first failed to start.
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (hasExited) throw new Error(`the broker process exited before answering /healthz:\n${stderr}`);
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return handle;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline) {
      await stop();
      throw new Error(`the broker process did not answer /healthz within ${options.startTimeoutMs ?? 20_000} ms:\n${stderr}`);
    }
    await sleep(100);
  }
}
