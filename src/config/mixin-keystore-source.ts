import { readFile } from 'node:fs/promises';
import { MixinKeystore } from '../adapters/treasury/mixin/keystore.js';
import type { BrokerConfigFile } from './broker-config.schema.js';

type MixinConfig = NonNullable<BrokerConfigFile['treasury']['mixin']>;
type ValueOrEnv = string | { env: string };

export class KeystoreSourceError extends Error {}

/**
 * Reads the bot's keystore from the environment variables or the file the config names. Errors
 * name the field or variable, never a value; every secret is handed to `onSecret` for redaction.
 */
export async function readMixinKeystore(
  config: MixinConfig,
  env: NodeJS.ProcessEnv,
  onSecret: (value: string) => void,
): Promise<MixinKeystore> {
  const value = (v: ValueOrEnv, field: string): string => {
    if (typeof v === 'string') return v;
    const got = env[v.env];
    if (!got) throw new KeystoreSourceError(`treasury.mixin.${field}: environment variable ${v.env} is not set`);
    return got;
  };
  let keystore: MixinKeystore;
  if (config.keystoreFile !== undefined) {
    const file = value(config.keystoreFile, 'keystoreFile');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new KeystoreSourceError(`treasury.mixin.keystoreFile: cannot read ${file} (${(e as NodeJS.ErrnoException).code})`);
    }
    keystore = MixinKeystore.parseJson(text);
  } else {
    const k = config.keystore!;
    keystore = MixinKeystore.parse({
      app_id: value(k.app_id, 'keystore.app_id'),
      session_id: value(k.session_id, 'keystore.session_id'),
      server_public_key: value(k.server_public_key, 'keystore.server_public_key'),
      session_private_key: value(k.session_private_key, 'keystore.session_private_key'),
      spend_private_key: value(k.spend_private_key, 'keystore.spend_private_key'),
    });
  }
  for (const s of keystore.secrets()) onSecret(s);
  return keystore;
}
