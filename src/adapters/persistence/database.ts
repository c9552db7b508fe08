import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES } from './entities/index.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { MIGRATIONS } from './migrations/index.js';

export interface DatabaseOptions {
  /** A PostgreSQL URL; null starts the embedded database. */
  readonly url: string | null;
  /** Where the embedded database keeps its files; null keeps it in memory. */
  readonly embeddedDataDir: string | null;
  readonly poolSize?: number;
  /** Receives the ORM's own messages (migrations applied), so they join the structured log. */
  readonly log?: (message: string) => void;
}

export interface Database {
  readonly orm: MikroORM;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** Connects (starting the embedded server when no URL is given) and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  if (!options.url) embedded = await startEmbeddedPostgres(options.embeddedDataDir);
  try {
    const orm = await MikroORM.init({
      clientUrl: options.url ?? embedded!.url,
      entities: ENTITIES,
      extensions: [Migrator],
      discovery: { warnWhenNoEntities: false },
      // The embedded server is one session; a larger pool only queues inside it.
      pool: { min: 0, max: embedded ? 4 : (options.poolSize ?? 10) },
      migrations: { migrationsList: MIGRATIONS, snapshot: false, transactional: true, allOrNothing: true },
      allowGlobalContext: false,
      debug: false,
      logger: options.log ?? (() => undefined),
      colors: false,
    });
    await orm.getMigrator().up();
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
