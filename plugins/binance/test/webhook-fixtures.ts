import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { success } from './fixtures.js';

/* Webhook fixtures: our own RSA key pair stands in for Binance's, served from the nocked /certificates. */

/** An RSA key pair standing in for Binance's webhook key; certSerial is the MD5 hex of the PEM. */
export interface TestCertificate {
  readonly serial: string;
  readonly publicPem: string;
  sign(message: string): string;
}

export function testCertificate(): TestCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    serial: createHash('md5').update(publicPem).digest('hex'),
    publicPem,
    sign: (message) => sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64'),
  };
}

export const certificatesAnswer = (...certs: TestCertificate[]) =>
  success(certs.map((c) => ({ certSerial: c.serial, certPublic: c.publicPem })));

/** Headers of a webhook signed with `cert` over `ts\nnonce\nbody\n`. */
export function webhookHeaders(cert: TestCertificate, rawBody: string, timestampMs: number, nonce: string): Record<string, string> {
  const ts = String(timestampMs);
  return {
    'content-type': 'application/json',
    'binancepay-timestamp': ts,
    'binancepay-nonce': nonce,
    'binancepay-signature': cert.sign(`${ts}\n${nonce}\n${rawBody}\n`),
    'binancepay-certificate-sn': cert.serial,
  };
}

let nonceCounter = 0;
/** A fresh 32-character nonce per call. */
export const nextNonce = (): string => `N${String(++nonceCounter).padStart(31, '0')}`;
