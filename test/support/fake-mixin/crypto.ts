import { createHash, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, verify } from 'node:crypto';
import { blake3Hash, edwards25519, newKeyFromSeed } from '@mixin.dev/mixin-node-sdk';

/** The keystore file of a test bot, and the public halves the fake needs to check its signatures. */
export interface TestBot {
  readonly keystore: {
    app_id: string;
    session_id: string;
    server_public_key: string;
    session_private_key: string;
    spend_private_key: string;
  };
  readonly sessionPublicKey: string;
  readonly spendPublicKey: string;
}

/** Raw ed25519 seed and public key, hex: the form Mixin keystores use. */
function ed25519Hex(): { seed: string; publicKey: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    seed: Buffer.from(jwk.d!, 'base64url').toString('hex'),
    publicKey: Buffer.from(jwk.x!, 'base64url').toString('hex'),
  };
}

export function generateTestBot(): TestBot {
  const session = ed25519Hex();
  const spend = ed25519Hex();
  const server = ed25519Hex();
  return {
    keystore: {
      app_id: randomUUID(),
      session_id: randomUUID(),
      server_public_key: server.publicKey,
      session_private_key: session.seed,
      spend_private_key: spend.seed,
    },
    sessionPublicKey: session.publicKey,
    spendPublicKey: spend.publicKey,
  };
}

function ed25519PublicKey(raw: Buffer) {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/**
 * Checks the SDK's `Authorization: Bearer` JWT as Mixin would: EdDSA over header.payload with the
 * session key, issued for this bot, and `sig` = sha256(method + path with query + body). Returns
 * why it is refused, or null.
 */
export function authProblem(
  header: string | undefined,
  method: string,
  url: string,
  body: string,
  botId: string,
  sessionPublicKey: string,
): string | null {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return 'no token';
  const ok = verify(null, Buffer.from(`${h}.${p}`), ed25519PublicKey(Buffer.from(sessionPublicKey, 'hex')), Buffer.from(s, 'base64url'));
  if (!ok) return 'bad token signature';
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { uid?: string; sig?: string };
  if (claims.uid !== botId) return 'token for another user';
  const expected = createHash('sha256')
    .update(method + url + body)
    .digest('hex');
  return claims.sig === expected ? null : 'token signs another request';
}

/** A random canonical scalar (a view key), hex. */
export function randomScalar(): string {
  return newKeyFromSeed(randomBytes(64)).toString('hex');
}

/** A random curve point (a ghost key or mask), hex. */
export function randomPoint(): string {
  return edwards25519.publicFromPrivate(newKeyFromSeed(randomBytes(64))).toString('hex');
}

/** The kernel's transaction hash: blake3 of the unsigned encoding. */
export function transactionHash(unsignedRaw: string): string {
  return blake3Hash(Buffer.from(unsignedRaw, 'hex')).toString('hex');
}

/**
 * Whether `signature` signs `message` with the one-time key of an input: view scalar + the bot's
 * spend scalar, whose public key is view·G + spendPublicKey.
 */
export function validSpendSignature(message: Buffer, signature: string, view: string, spendPublicKey: string): boolean {
  const point = edwards25519
    .newPoint(Buffer.from(spendPublicKey, 'hex'))
    .add(edwards25519.scalarBaseMultToPoint(edwards25519.setCanonicalBytes(Buffer.from(view, 'hex'))));
  return verify(null, message, ed25519PublicKey(Buffer.from(point.toBytes())), Buffer.from(signature, 'hex'));
}

/**
 * The signatures of a signed raw transaction, one map (signer index → signature) per input, or null
 * when it is not the unsigned transaction plus signatures. Parsed here because the SDK's
 * `decodeSafeTransaction` does not advance past a signature and misreads any signed transaction
 * with more than one input.
 */
export function signaturesOf(signedRaw: string, unsignedRaw: string): Array<Map<number, string>> | null {
  // The unsigned encoding ends with a zero signature count (2 bytes).
  const prefix = unsignedRaw.slice(0, -4);
  if (!signedRaw.startsWith(prefix)) return null;
  const buf = Buffer.from(signedRaw.slice(prefix.length), 'hex');
  let at = 0;
  const u16 = () => {
    if (at + 2 > buf.length) throw new Error('short');
    const v = buf.readUInt16BE(at);
    at += 2;
    return v;
  };
  try {
    const maps: Array<Map<number, string>> = [];
    for (let i = 0, n = u16(); i < n; i++) {
      const map = new Map<number, string>();
      for (let j = 0, m = u16(); j < m; j++) {
        const index = u16();
        if (at + 64 > buf.length) return null;
        map.set(index, buf.subarray(at, at + 64).toString('hex'));
        at += 64;
      }
      maps.push(map);
    }
    return at === buf.length ? maps : null;
  } catch {
    return null;
  }
}
