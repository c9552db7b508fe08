import { protocol, type PGlite } from '@electric-sql/pglite';
import type { Logger } from '../../domain/ports/logger.port.js';

type BackendMessage = Parameters<Parameters<protocol.Parser['parse']>[1]>[0];

/**
 * PGlite runs PostgreSQL in single-user mode, which has no checkpointer process: it checkpoints
 * only when it shuts down, so its WAL grows by 16 MB segments for as long as the broker runs (and
 * a crash replays all of it). This does what the checkpointer would, as PostgreSQL's
 * max_wal_size and checkpoint_timeout would.
 */
export interface CheckpointPolicy {
  /** How often the WAL written since the last checkpoint is looked at. */
  readonly checkEveryMs: number;
  /** Checkpoint once this much WAL has been written since the last one. */
  readonly afterWalBytes: number;
  /** Checkpoint at least this often while anything at all is being written. */
  readonly maxIntervalMs: number;
}

export const CHECKPOINTS: CheckpointPolicy = { checkEveryMs: 10_000, afterWalBytes: 32 * 1024 * 1024, maxIntervalMs: 5 * 60_000 };

export type CheckpointTick = 'checkpointed' | 'not-needed' | 'busy';

export class EmbeddedCheckpoints {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private lastAt = Date.now();
  /** The WAL insert position right after our last checkpoint: unchanged means nothing was written. */
  private lastLsn: string | null = null;

  constructor(
    private readonly pg: PGlite,
    private readonly logger: Logger,
    private readonly policy: CheckpointPolicy = CHECKPOINTS,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.tick().catch((e: unknown) =>
        this.logger.warn({ problem: (e as Error).message }, 'embedded database checkpoint failed'),
      );
    }, this.policy.checkEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Looks once, and checkpoints if due. */
  tick(now = Date.now()): Promise<CheckpointTick> {
    return this.pg.runExclusive(async () => {
      // A client's transaction is open between two of its statements; ours would run inside it.
      // The socket server interleaves its clients by the same rule. Try again next time.
      if (this.pg.isInTransaction()) return 'busy';
      const [lsn, sinceRedo] = await this.row(
        'select pg_current_wal_insert_lsn()::text, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::text ' +
          'from pg_control_checkpoint()',
      );
      const written = lsn !== this.lastLsn;
      const due = Number(sinceRedo) >= this.policy.afterWalBytes || (written && now - this.lastAt >= this.policy.maxIntervalMs);
      if (!due) return 'not-needed';
      await this.run('checkpoint');
      [this.lastLsn] = await this.row('select pg_current_wal_insert_lsn()::text');
      this.lastAt = now;
      return 'checkpointed';
    });
  }

  /** One row of text columns. */
  private async row(sql: string): Promise<(string | null)[]> {
    const row = (await this.run(sql)).find((m) => m instanceof protocol.messages.DataRowMessage);
    if (!row) throw new Error(`no row from: ${sql}`);
    return row.fields;
  }

  /**
   * One simple-protocol statement, inside runExclusive. Not execProtocol: PGlite keeps the output
   * callback of the last streamed call, so its answer would be written to the socket client the
   * server served last. Streaming to a callback of our own sets it for this call.
   */
  private async run(sql: string): Promise<BackendMessage[]> {
    const chunks: Buffer[] = [];
    await this.pg.execProtocolRawStream(protocol.serialize.query(sql), { onRawData: (data) => chunks.push(Buffer.from(data)) });
    const messages: BackendMessage[] = [];
    new protocol.Parser().parse(Buffer.concat(chunks), (m) => messages.push(m));
    const failure = messages.find((m) => m instanceof protocol.messages.DatabaseError);
    if (failure) throw failure;
    return messages;
  }
}
