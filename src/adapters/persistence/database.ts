import { ConnectionException, MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { advisoryLock } from './advisory-lock.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import { ENTITIES } from './entities/index.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { MIGRATIONS } from './migrations/index.js';

export interface DatabaseOptions {
  /** A PostgreSQL URL; null starts the embedded database. */
  readonly url: string | null;
  /** The embedded database's data folder (DATA_DIR, locked while open; files under pg/); null keeps it in memory. */
  readonly embeddedDataDir: string | null;
  readonly poolSize?: number;
  /** Receives the ORM's own messages (migrations applied) and the embedded database's, so they join the structured log. */
  readonly logger?: Logger;
  /** Apply pending migrations on open (the broker does; the operator CLI's migrate command decides itself). */
  readonly migrate?: boolean;
  /** Create the database when the server lacks it (default true, as the broker does); the doctor only looks. */
  readonly createIfMissing?: boolean;
}

export interface Database {
  readonly orm: MikroORM;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** Connects (starting the embedded server when no URL is given) and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const log = (message: string) => options.logger?.info({}, message);
  let embedded: EmbeddedPostgres | null = null;
  if (!options.url) embedded = await startEmbeddedPostgres(options.embeddedDataDir, options.logger);
  try {
    const orm = await MikroORM.init({
      clientUrl: options.url ?? embedded!.url,
      entities: ENTITIES,
      extensions: [Migrator],
      discovery: { warnWhenNoEntities: false },
      ensureDatabase: options.createIfMissing ?? true,
      // The embedded server is one session; a larger pool only queues inside it.
      pool: { min: 0, max: embedded ? 4 : (options.poolSize ?? 10) },
      migrations: { migrationsList: MIGRATIONS, snapshot: false, transactional: true, allOrNothing: true },
      allowGlobalContext: false,
      debug: false,
      logger: log,
      colors: false,
      // knex writes its warnings with console.log (plain text on stdout) unless given a logger.
      driverOptions: { log: knexLog(log) },
    });
    if (options.migrate ?? true) {
      // Instances starting together on one server take turns: the first applies, the others find nothing pending.
      // (The embedded database is one process's own.)
      const up = () => orm.getMigrator().up();
      await (embedded ? up() : advisoryLock(orm)('migrations', up));
    }
    return {
      orm,
      embedded: embedded !== null,
      async close() {
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
}

/**
 * knex's own messages, into the structured log. A pooled connection the server dropped is
 * reported by knex when it discards it ("Connection Error: …"); what matters about an outage is
 * what failed because of it, which the workers and the error boundary report once per incident.
 */
function knexLog(log: (message: string) => void) {
  const write = (message: unknown) => {
    const text = typeof message === 'string' ? message : String(message);
    if (!text.startsWith('Connection Error:')) log(`knex: ${text}`);
  };
  return {
    warn: write,
    error: write,
    deprecate: (method: string, instead: string) => write(`${method} is deprecated; use ${instead}`),
    debug: () => undefined,
  };
}

/** Error codes that say the database could not be reached, rather than that a statement was wrong. */
const UNREACHABLE = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** PostgreSQL's own: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const SERVER_AWAY = new Set(['57P01', '57P02', '57P03', '53300']);
/**
 * The driver's words for the same. knex answers "Transaction query already complete" to the next
 * statement of a transaction whose connection it has just lost: our transactions are awaited
 * whole (MikroORM's transactional), so nothing else queries a finished one.
 */
const DRIVER_WORDS = new RegExp(
  [
    'Connection terminated',
    'Connection ended unexpectedly',
    'Timeout acquiring a connection',
    'connection is closed',
    'Client was closed',
    'Transaction query already complete',
  ].join('|'),
  'i',
);

/**
 * True when `e` says the database is away (refused, reset, shutting down, the pool starved), an
 * expected fault that is logged once per outage, as opposed to a failing statement (a bug).
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (e instanceof ConnectionException) return true;
  if (!(e instanceof Error)) return false;
  // An HTTP call (a provider, Mixin) that failed the same way is not the database.
  if ('isAxiosError' in e || 'response' in e) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE.has(code) || SERVER_AWAY.has(code) || code.startsWith('08'))) return true;
  return e.name === 'KnexTimeoutError' || DRIVER_WORDS.test(e.message);
}

/** What an outage error says, without the statement (which can carry values). */
export function databaseProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const cut = message.lastIndexOf(' - '); // MikroORM writes "<statement> - <driver error>"
  return cut >= 0 ? message.slice(cut + 3) : message;
}
