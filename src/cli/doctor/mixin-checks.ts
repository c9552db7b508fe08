import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AuthenticationUserResponse } from '@mixin.dev/mixin-node-sdk';
import { connectMixin } from '../../adapters/treasury/mixin/mixin-client.js';
import { MixinApiError, mixinCall } from '../../adapters/treasury/mixin/mixin-errors.js';
import { readMixinKeystore } from '../../config/mixin-keystore-source.js';
import { fail, ok, skipped, warn, type Check, type DoctorContext } from './check.js';

const GUIDE = 'docs/going-live.md, step 1';

/** What an operator with a pre-Safe keystore (pin, pin_token, private_key) can do; the same words as the guide. */
export const OLD_KEYSTORE_ADVICE =
  'create a new Safe keystore in the Mixin developer dashboard (simplest), or register the bot with Safe once: generate an ' +
  'ed25519 spend key, call client.safe.register(app_id, pin, spendPrivateKey) of @mixin.dev/mixin-node-sdk with the old PIN, ' +
  `and keep the new key as spend_private_key (${GUIDE})`;

const NOT_REGISTERED = 10404;
const UNAUTHORIZED = 401;

/** A Mixin account as /safe/me sends it; `spend_public_key` is missing from the SDK's type. */
type SafeMe = Partial<AuthenticationUserResponse> & { spend_public_key?: string };

/** Whether the keystore file is an older one: PIN fields, and no spend key. Read only to choose the advice. */
async function isOldKeystoreFile(ctx: DoctorContext): Promise<boolean> {
  const ref = ctx.config!.treasury.mixin!.keystoreFile;
  const path = typeof ref === 'string' ? ref : ref && ctx.env[ref.env];
  if (!path) return false;
  try {
    const fields = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    return !fields.spend_private_key && ['pin', 'pin_token', 'pin_token_base64'].some((k) => k in fields);
  } catch {
    return false;
  }
}

/** The ed25519 public key (hex) of a 32-byte seed (hex), the form Mixin shows. */
export function publicKeyOfSeed(seedHex: string): string {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]);
  const jwk = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('hex');
}

/**
 * The real treasury, not the sandbox; a Safe keystore; a session Mixin accepts; a bot registered with
 * Safe whose spend key is the configured one. Each needs the one before.
 */
export async function mixinChecks(ctx: DoctorContext): Promise<Check[]> {
  const mixin = ctx.config!.treasury.mixin;
  if (!mixin) {
    return [
      fail(
        'treasury',
        'the SANDBOX treasury is in use: balances come from the config and NO REAL MONEY MOVES',
        `configure treasury.mixin with the bot's Safe keystore (${GUIDE})`,
      ),
    ];
  }
  const checks: Check[] = [ok('treasury', `the Mixin Safe treasury is configured (${mixin.baseUrl})`)];

  try {
    ctx.keystore = await readMixinKeystore(mixin, ctx.env, (s) => ctx.secrets.add(s));
    const from = mixin.keystoreFile ? 'keystoreFile' : 'treasury.mixin.keystore';
    checks.push(ok('keystore', `a Safe keystore for bot ${ctx.keystore.appId} (from ${from}), with its spend key`));
  } catch (e) {
    const message = (e as Error).message;
    if (await isOldKeystoreFile(ctx)) {
      checks.push(
        fail(
          'keystore',
          "an older keystore (pin, pin_token), from before Mixin's Safe network: it has no spend_private_key and cannot sign",
          OLD_KEYSTORE_ADVICE,
        ),
      );
    } else if (message.includes('spend_private_key')) {
      checks.push(
        fail('keystore', message, `give the Safe keystore's spend_private_key; a keystore without one is older: ${OLD_KEYSTORE_ADVICE}`),
      );
    } else {
      checks.push(fail('keystore', message, `give every field of the bot's Safe keystore (${GUIDE})`));
    }
    return [...checks, skipped('mixin_session', 'the Mixin session, Safe registration and spend key', 'no usable keystore')];
  }

  ctx.mixin = connectMixin(ctx.keystore, { baseUrl: mixin.baseUrl, timeoutMs: mixin.timeoutMs, retries: 1 });
  let me: SafeMe;
  try {
    me = await mixinCall('GET /safe/me', MixinApiError, () => ctx.mixin!.sdk.safe.checkRegisteration());
  } catch (e) {
    const err = e as MixinApiError;
    if (err.code === NOT_REGISTERED) {
      checks.push(ok('mixin_session', `Mixin accepts the session of bot ${ctx.keystore.appId}`));
      checks.push(notRegistered(`Mixin answers error ${NOT_REGISTERED}: the bot is not registered with Safe`));
    } else if (err.code === UNAUTHORIZED) {
      checks.push(
        fail(
          'mixin_session',
          `Mixin refused the session (401): app_id, session_id and session_private_key are not a live session of one bot`,
          `download the bot's Safe keystore again from the dashboard, or create a new session (${GUIDE})`,
        ),
      );
    } else {
      checks.push(
        fail(
          'mixin_session',
          `cannot call Mixin at ${mixin.baseUrl}: ${err.message}`,
          "check treasury.mixin.baseUrl, the network and Mixin's status",
        ),
      );
    }
    return checks;
  }
  const who = [me.full_name, me.identity_number ? `Mixin ID ${me.identity_number}` : ''].filter(Boolean).join(', ');
  checks.push(ok('mixin_session', `Mixin accepts the session of bot ${ctx.keystore.appId}${who ? ` (${who})` : ''}`));
  if (!me.has_safe) {
    checks.push(notRegistered('the bot is not registered with Safe (Mixin answers has_safe: false)'));
    return checks;
  }
  ctx.registered = true;
  checks.push(ok('safe_registration', 'the bot is registered with Safe (has_safe)'));
  checks.push(spendKeyCheck(me, publicKeyOfSeed(ctx.keystore.spendPrivateKey())));
  return checks;
}

function notRegistered(summary: string): Check {
  return fail('safe_registration', `${summary}: it can neither hold nor send Safe outputs`, OLD_KEYSTORE_ADVICE);
}

/** Mixin's spend public key for the bot against the configured key's; the TIP key stands in when Mixin sends no other. */
function spendKeyCheck(me: SafeMe, configured: string): Check {
  const registered = me.spend_public_key?.toLowerCase();
  if (registered) {
    if (registered === configured)
      return ok('spend_key', `the spend key configured is the one Mixin has for the bot (public key ${configured})`);
    return fail(
      'spend_key',
      `the spend key configured (public key ${configured}) is not the one Mixin has for the bot (${registered}): ` +
        'every transfer would be refused',
      "set spend_private_key to the spend key of this bot's Safe keystore (a key of another bot, or one never registered, cannot sign)",
    );
  }
  const tip = me.tip_key_base64 ? Buffer.from(me.tip_key_base64, 'base64').toString('hex') : '';
  if (tip === configured)
    return ok('spend_key', `the spend key configured is the bot's registered key (its TIP key, public key ${configured})`);
  if (tip) {
    return warn(
      'spend_key',
      `Mixin sent no spend_public_key, and the bot's TIP key (${tip}) is not the spend key configured (${configured})`,
      'right only for a bot registered with a separate TIP PIN: make sure spend_private_key is the key it was registered with',
    );
  }
  return warn(
    'spend_key',
    'Mixin sent neither spend_public_key nor tip_key_base64: the spend key cannot be compared',
    'check it by a small transfer',
  );
}
