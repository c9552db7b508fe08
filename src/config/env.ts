import { z } from 'zod';

/** The process environment the broker reads, validated once at start. */
export interface Env {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | null;
  readonly publicUrl: string;
  readonly configFile: string;
  readonly adminToken: string | null;
  readonly dataDir: string;
  readonly pluginsDir: string;
  readonly logLevel: string;
  readonly tlsCertFile: string | null;
  readonly tlsKeyFile: string | null;
  /** Run with a Mixin keystore (real money) on the embedded database anyway; refused by default. */
  readonly allowEmbeddedDatabaseWithRealMoney: boolean;
}

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = z.preprocess(blankIsUnset, z.string().optional());

const schema = z.object({
  PORT: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(65535).default(8080)),
  HOST: z.preprocess(blankIsUnset, z.string().default('0.0.0.0')),
  DATABASE_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
  ),
  PUBLIC_URL: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional()),
  BROKER_CONFIG: z.preprocess(blankIsUnset, z.string().default('config/broker.json')),
  ADMIN_TOKEN: z.preprocess(blankIsUnset, z.string().min(16, 'must be at least 16 characters').optional()),
  DATA_DIR: z.preprocess(blankIsUnset, z.string().default('data')),
  PLUGINS_DIR: z.preprocess(blankIsUnset, z.string().default('plugins')),
  LOG_LEVEL: z.preprocess(blankIsUnset, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  TLS_CERT_FILE: optional,
  TLS_KEY_FILE: optional,
  ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY: z.preprocess(blankIsUnset, z.enum(['true', 'false'], 'must be true or false').default('false')),
});

export class EnvError extends Error {}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    throw new EnvError('invalid environment: TLS_CERT_FILE and TLS_KEY_FILE go together');
  }
  const scheme = e.TLS_CERT_FILE ? 'https' : 'http';
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    publicUrl: (e.PUBLIC_URL ?? `${scheme}://localhost:${e.PORT}`).replace(/\/+$/, ''),
    configFile: e.BROKER_CONFIG,
    adminToken: e.ADMIN_TOKEN ?? null,
    dataDir: e.DATA_DIR,
    pluginsDir: e.PLUGINS_DIR,
    logLevel: e.LOG_LEVEL,
    tlsCertFile: e.TLS_CERT_FILE ?? null,
    tlsKeyFile: e.TLS_KEY_FILE ?? null,
    allowEmbeddedDatabaseWithRealMoney: e.ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY === 'true',
  };
}
