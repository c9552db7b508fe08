import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';

/**
 * PGlite on a loopback socket, for the ordinary driver: pglite-socket's per-connection protocol
 * handler, with our own queue in front of the one PGlite session all connections share.
 *
 * pglite-socket's own queue (0.2.17) runs each protocol message as a separate job, so the
 * Parse/Bind/Execute of two connections interleave: one connection's Bind meets the other's
 * unnamed statement ("unnamed prepared statement does not exist", or the wrong statement with
 * matching types). It also stops for good when a job throws. This queue runs a connection's
 * extended-protocol messages up to its Sync as one job, and keeps the rest of its semantics: one
 * job at a time, and while a connection has a transaction open only its jobs run.
 */
export class EmbeddedSocketServer {
  private readonly queue: SessionQueue;
  private readonly handlers = new Set<PGLiteSocketHandler>();
  private server: Server | null = null;
  private port = 0;

  constructor(db: PGlite) {
    this.queue = new SessionQueue(db);
  }

  async start(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** host:port */
  address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await Promise.all([...this.handlers].map((h) => h.detach(true)));
    this.handlers.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (!this.server) {
      socket.destroy();
      return;
    }
    // The queue answers to the handler's interface (enqueue, clearQueueForHandler, clearTransactionIfNeeded).
    const queryQueue = this.queue as unknown as PGLiteSocketHandlerOptions['queryQueue'];
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    this.handlers.add(handler);
    const forget = () => this.handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  }
}

/** Extended-protocol messages that wait for their Sync: Parse, Bind, Describe, Execute, Close. */
const UNTIL_SYNC = new Set(['P', 'B', 'D', 'E', 'C'].map((c) => c.charCodeAt(0)));

interface Job {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (e: unknown) => void;
}

class SessionQueue {
  private readonly pending = new Map<number, Uint8Array[]>();
  private jobs: Job[] = [];
  private running = false;
  /** The connection whose transaction is open, if any. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const held = this.pending.get(handlerId) ?? [];
    held.push(message);
    if (UNTIL_SYNC.has(message[0]!)) {
      this.pending.set(handlerId, held);
      return Promise.resolve(0); // answered with the Sync's job
    }
    this.pending.delete(handlerId);
    return new Promise((resolve, reject) => {
      this.jobs.push({ handlerId, message: concat(held), onData, resolve, reject });
      void this.drain();
    });
  }

  getQueueLength(): number {
    return this.jobs.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.pending.delete(handlerId);
    const mine = this.jobs.filter((j) => j.handlerId === handlerId);
    this.jobs = this.jobs.filter((j) => j.handlerId !== handlerId);
    for (const j of mine) j.reject(new Error('connection closed'));
  }

  /** A connection that goes away inside its transaction: roll it back, so the others can go on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    this.owner = null;
    if (this.db.isInTransaction()) await this.db.exec('rollback').catch(() => undefined);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const i = this.owner === null ? 0 : this.jobs.findIndex((j) => j.handlerId === this.owner);
        const job = i >= 0 ? this.jobs[i] : undefined;
        if (!job) return; // nothing, or only others while a transaction waits for its own connection
        this.jobs.splice(i, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(job.message, {
              onRawData: (data) => {
                bytes += data.length;
                job.onData(data);
              },
            }),
          );
          job.resolve(bytes);
        } catch (e) {
          job.reject(e);
        }
        this.owner = this.db.isInTransaction() ? job.handlerId : null;
      }
    } finally {
      this.running = false;
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  return Buffer.concat(parts);
}
