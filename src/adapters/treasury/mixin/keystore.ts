import { createPrivateKey, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import type { AppKeystore } from '@mixin.dev/mixin-node-sdk';
import { z } from 'zod';
import { DASHED_UUID } from '../../../domain/shared/uuid.js';

/** Thrown for a keystore that cannot work; names the fields at fault, never their values. */
export class MixinKeystoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MixinKeystoreError';
  }
}

/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const HEX_32 = /^[0-9a-f]{64}$/i;
// A 32-byte ed25519 seed, or the 64-byte "seed + public key" form some tools export.
const HEX_SEED = /^([0-9a-f]{64}|[0-9a-f]{128})$/i;

const keystoreSchema = z.object({
  app_id: z.string().regex(DASHED_UUID, 'must be a UUID'),
  session_id: z.string().regex(DASHED_UUID, 'must be a UUID'),
  server_public_key: z.string().regex(HEX_32, 'must be 32 bytes of hex'),
  session_private_key: z.string().regex(HEX_SEED, 'must be an ed25519 seed in hex (32 or 64 bytes)'),
  spend_private_key: z.string().regex(HEX_SEED, 'must be an ed25519 seed in hex (32 or 64 bytes)'),
});

/** The keystore file's shape, as Mixin's developer dashboard exports it for a Safe bot. */
export type MixinKeystoreFile = z.input<typeof keystoreSchema>;

/**
 * The bot's credentials. The secrets live in private fields, so `JSON.stringify`, pino and
 * `util.inspect` see only the ids: a keystore logged by accident leaks nothing.
 */
export class MixinKeystore {
  readonly appId: string;
  readonly sessionId: string;
  readonly #serverPublicKey: string;
  readonly #sessionSeed: string;
  readonly #spendSeed: string;
  #sessionKey: KeyObject | null = null;

  private constructor(file: z.output<typeof keystoreSchema>) {
    this.appId = file.app_id.toLowerCase();
    this.sessionId = file.session_id.toLowerCase();
    this.#serverPublicKey = file.server_public_key.toLowerCase();
    // The SDK signs its JWT only with an exact 32-byte seed and silently sends an empty token
    // otherwise; the 64-byte form starts with the seed, so keep that half.
    this.#sessionSeed = file.session_private_key.slice(0, 64).toLowerCase();
    this.#spendSeed = file.spend_private_key.slice(0, 64).toLowerCase();
  }

  static parse(value: unknown): MixinKeystore {
    const parsed = keystoreSchema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'keystore'}: ${i.message}`);
      throw new MixinKeystoreError(`invalid Mixin keystore (${problems.join('; ')})`);
    }
    return new MixinKeystore(parsed.data);
  }

  static parseJson(text: string): MixinKeystore {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes the text around the error: that could be a key.
      throw new MixinKeystoreError('invalid Mixin keystore: not JSON');
    }
    return MixinKeystore.parse(value);
  }

  /**
   * The SDK's keystore, without the spend key (the SDK takes it per call) and without the session
   * key: requests are signed by `signingAdapter` (request-signing.ts), so the SDK's own signer is left idle.
   */
  sdkKeystore(): AppKeystore {
    return { app_id: this.appId, session_id: this.sessionId, server_public_key: this.#serverPublicKey, session_private_key: '' };
  }

  /** The session key, as a Node key object (it signs every request's token). */
  sessionKey(): KeyObject {
    // A Node key signs natively and prints as `KeyObject`, never as the seed.
    this.#sessionKey ??= createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519, Buffer.from(this.#sessionSeed, 'hex')]),
      format: 'der',
      type: 'pkcs8',
    });
    return this.#sessionKey;
  }

  /** The kernel spend key (hex seed): signs every transaction. */
  spendPrivateKey(): string {
    return this.#spendSeed;
  }

  /** The values a log scrubber must never let through. */
  secrets(): string[] {
    return [this.#sessionSeed, this.#spendSeed];
  }

  toJSON(): Record<string, string> {
    return { app_id: this.appId, session_id: this.sessionId, keys: '[redacted]' };
  }

  [inspect.custom](): string {
    return `MixinKeystore { app_id: '${this.appId}', session_id: '${this.sessionId}', keys: [redacted] }`;
  }
}
