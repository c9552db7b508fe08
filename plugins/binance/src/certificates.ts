import { err, ok, z, type Clock, type Logger, type Result } from '@mixpay-broker/plugin-api';
import { PATH, readData, type BinanceApi } from './api.js';

/*
 * Binance's webhook public keys, from `POST /binancepay/openapi/certificates` (signed, body {}),
 * kept in memory by certSerial (the MD5 hex of the key, sent as BinancePay-Certificate-SN).
 * An unknown serial fetches the list again, once per verification; those re-fetches are spaced by
 * UNKNOWN_SERIAL_REFETCH_MS so a flood of forged serials cannot turn into a flood of calls to Binance.
 */

export const UNKNOWN_SERIAL_REFETCH_MS = 30_000;

const certificatesSchema = z.array(z.object({ certSerial: z.string().min(1), certPublic: z.string().min(1) }));

/** Binance sends a PEM; a bare base64 key is wrapped so either works. */
export function toPem(key: string): string {
  if (key.includes('-----BEGIN')) return key;
  const body =
    key
      .replace(/\s+/g, '')
      .match(/.{1,64}/g)
      ?.join('\n') ?? '';
  return `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n`;
}

export interface CertificateCache {
  /** The PEM for a serial, or why there is none. */
  keyFor(serial: string): Promise<Result<string, string>>;
}

export function createCertificateCache(api: BinanceApi, logger: Logger, clock: Clock): CertificateCache {
  let keys: Map<string, string> | null = null;
  let inFlight: Promise<Result<void, string>> | null = null;
  let lastUnknownRefetch = Number.NEGATIVE_INFINITY;

  const fetchOnce = async (): Promise<Result<void, string>> => {
    const called = await api.call(PATH.certificates, {}, { retry: true });
    if (!called.ok) return err(`Binance Pay certificates unavailable: ${called.error.message}`);
    const list = readData(PATH.certificates, certificatesSchema, called.value);
    if (!list.ok) return err(list.error.message);
    // Replaced, not merged: a key Binance no longer lists is no longer trusted.
    keys = new Map(list.value.map((c) => [c.certSerial.toLowerCase(), toPem(c.certPublic)]));
    logger.info({ serials: [...keys.keys()] }, 'Binance Pay webhook certificates loaded');
    return ok(undefined);
  };

  /** Concurrent verifications share one call. */
  const refresh = (): Promise<Result<void, string>> => {
    inFlight ??= fetchOnce().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  return {
    async keyFor(serial) {
      const wanted = serial.toLowerCase();
      if (keys === null) {
        const loaded = await refresh();
        if (!loaded.ok) return err(loaded.error);
      } else if (!keys.has(wanted)) {
        const now = clock.now().getTime();
        if (now - lastUnknownRefetch >= UNKNOWN_SERIAL_REFETCH_MS) {
          lastUnknownRefetch = now;
          const reloaded = await refresh();
          if (!reloaded.ok) return err(reloaded.error);
        }
      }
      const pem = keys?.get(wanted);
      return pem === undefined ? err(`unknown certificate serial ${serial}`) : ok(pem);
    },
  };
}
