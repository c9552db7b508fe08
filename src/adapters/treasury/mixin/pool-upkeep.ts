import { randomUUID } from 'node:crypto';
import { Dec } from '../../../domain/money/decimal.js';
import type { Logger } from '../../../domain/ports/logger.port.js';
import { MAX_INPUTS, type OutputPool, type StoredRequest } from '../../../domain/ports/output-pool.port.js';
import type { MixinConnection } from './mixin-client.js';
import { buildUnsigned, type BuildRecipient } from './transfer-build.js';

export interface PoolShape {
  /** Outputs per asset the pool aims at (free, in flight and on their way back together). */
  readonly targetOutputs: number;
  /** More free outputs than this and the smallest are merged (a transaction takes at most 256 inputs). */
  readonly consolidateAbove: number;
}

/** A piece smaller than this is not worth an output of its own. */
const MIN_PIECE = new Dec('0.0001');
/** The kernel's limit of outputs per transaction. */
const MAX_OUTPUTS = 256;
/** How long one process leaves an asset's pool alone after looking at it. */
const COOLDOWN_MS = 500;
/** A stored split whose worker died is resumed by another after this. */
const STALE_MS = 30_000;

/**
 * Keeps each asset's pool fit for parallel transfers. Too few outputs: the largest free one is
 * split into equal pieces by a transaction to the bot itself (as Mixin's Go client does with its
 * change-splitting send). Too many small ones: the smallest are merged into one. Both are ordinary
 * transactions under their own random request id, stored before they are verified like transfers,
 * so a crash leaves one that is resumed, never a second.
 */
export class PoolUpkeep {
  private readonly running = new Map<string, Promise<void>>();
  private readonly lastAt = new Map<string, number>();

  constructor(
    private readonly conn: MixinConnection,
    private readonly pool: OutputPool,
    private readonly shape: PoolShape,
    /** Verifies, signs and sends a stored transaction; marks it sent. */
    private readonly complete: (stored: StoredRequest) => Promise<string>,
    private readonly log: Logger | undefined,
  ) {}

  /** Looks at the pool of `assetId` in the background, at most once per cooldown per process. */
  check(assetId: string): void {
    void this.ensure(assetId);
  }

  /**
   * The same look, resolved once any split or merge it starts has claimed its outputs (its
   * transaction goes on in the background): a transfer that awaits it first cannot take the
   * output a short pool is about to be split from.
   */
  ensure(assetId: string): Promise<void> {
    const busy = this.running.get(assetId);
    if (busy) return busy;
    if (Date.now() - (this.lastAt.get(assetId) ?? 0) < COOLDOWN_MS) return Promise.resolve();
    const run = this.tend(assetId)
      .then(() => undefined)
      .catch((e: unknown) => this.failed(assetId, e))
      .finally(() => {
        this.running.delete(assetId);
        this.lastAt.set(assetId, Date.now());
      });
    this.running.set(assetId, run);
    return run;
  }

  private failed(assetId: string, e: unknown): void {
    this.log?.warn({ asset_id: assetId, problem: (e as Error).message }, 'output pool upkeep failed; will try again');
  }

  private inBackground(assetId: string, work: Promise<unknown>): void {
    work.catch((e: unknown) => this.failed(assetId, e));
  }

  /** One look: resume a stranded split, else split or consolidate when the pool needs it. */
  async tend(assetId: string): Promise<'resumed' | 'split' | 'consolidated' | 'fine'> {
    const now = new Date();
    const stale = await this.pool.takeStaleUpkeep(assetId, now, STALE_MS);
    if (stale) {
      this.inBackground(assetId, this.complete(stale));
      return 'resumed';
    }
    const c = await this.pool.counts(assetId, now);
    if (c.upkeepInFlight > 0) return 'fine';
    if (c.free + c.claimed + c.pending < Math.ceil(this.shape.targetOutputs / 2) && c.free > 0) {
      return (await this.split(assetId, this.shape.targetOutputs - (c.free + c.claimed + c.pending) + 1)) ? 'split' : 'fine';
    }
    if (c.free > this.shape.consolidateAbove) {
      const n = Math.min(MAX_INPUTS, Math.max(2, c.free - this.shape.targetOutputs));
      return (await this.consolidate(assetId, n)) ? 'consolidated' : 'fine';
    }
    return 'fine';
  }

  private async split(assetId: string, wanted: number): Promise<boolean> {
    const requestId = randomUUID();
    const now = new Date();
    const [largest] = await this.pool.claimForUpkeep(assetId, requestId, { order: 'largest', limit: 1 }, now, STALE_MS);
    if (!largest) return false;
    const amount = new Dec(largest.amount);
    const pieces = Math.min(wanted, MAX_OUTPUTS, amount.div(MIN_PIECE).floor().toNumber());
    if (pieces < 2) {
      await this.pool.release(requestId, now);
      return false;
    }
    const piece = amount.div(pieces).toDecimalPlaces(8, Dec.ROUND_DOWN);
    const last = amount.minus(piece.times(pieces - 1));
    const me = [this.conn.keystore.appId];
    const recipients: BuildRecipient[] = Array.from({ length: pieces }, (_, i) => ({
      members: me,
      amount: (i === pieces - 1 ? last : piece).toFixed(),
    }));
    this.inBackground(assetId, this.send(assetId, requestId, 'split', [largest.key], recipients, [largest]));
    this.log?.info({ asset_id: assetId, request_id: requestId, pieces, piece: piece.toFixed() }, 'output pool: split an output');
    return true;
  }

  private async consolidate(assetId: string, n: number): Promise<boolean> {
    const requestId = randomUUID();
    const now = new Date();
    const inputs = await this.pool.claimForUpkeep(assetId, requestId, { order: 'smallest', limit: n }, now, STALE_MS);
    if (inputs.length < 2) {
      await this.pool.release(requestId, now);
      return false;
    }
    const total = inputs.reduce((s, o) => s.plus(o.amount), new Dec(0));
    const merged = [{ members: [this.conn.keystore.appId], amount: total.toFixed() }];
    this.inBackground(
      assetId,
      this.send(
        assetId,
        requestId,
        'consolidate',
        inputs.map((o) => o.key),
        merged,
        inputs,
      ),
    );
    this.log?.info({ asset_id: assetId, request_id: requestId, inputs: inputs.length }, 'output pool: merged small outputs');
    return true;
  }

  private async send(
    assetId: string,
    requestId: string,
    kind: 'split' | 'consolidate',
    keys: string[],
    recipients: BuildRecipient[],
    inputs: Parameters<typeof buildUnsigned>[2],
  ): Promise<void> {
    let stored: StoredRequest;
    try {
      const raw = await buildUnsigned(this.conn, requestId, inputs, recipients, Buffer.alloc(0));
      stored = await this.pool.store({ requestId, assetId, kind, raw, inputs: keys, ownOutputs: recipients.length }, new Date());
    } catch (e) {
      await this.pool.release(requestId, new Date());
      throw e;
    }
    await this.complete(stored);
  }
}
