import { createHmac, createVerify, timingSafeEqual } from 'node:crypto';

export function hmacSha256Hex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

export function hmacSha512Hex(secret: string, message: string): string {
  return createHmac('sha512', secret).update(message, 'utf8').digest('hex');
}

/** RSA PKCS#1 v1.5 with SHA-256 over UTF-8 text; false (never a throw) for a bad key or signature. */
export function verifyRsaSha256(publicKeyPem: string, message: string, signatureBase64: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKeyPem, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

/** Compares two strings in time independent of where they differ (signatures, tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Parses `k=v,k=v` signature headers (Stripe-style `t=…,v1=…`). */
export function parseKeyValueHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** True when a Unix-seconds timestamp is within `toleranceSeconds` of now, either side. */
export function isFresh(unixSeconds: number, now: Date, toleranceSeconds: number): boolean {
  return Number.isSafeInteger(unixSeconds) && Math.abs(now.getTime() / 1000 - unixSeconds) <= toleranceSeconds;
}

/** True when a Unix-milliseconds timestamp (Binance's) is within `toleranceSeconds` of now, either side. */
export function isFreshMs(unixMs: number, now: Date, toleranceSeconds: number): boolean {
  return Number.isSafeInteger(unixMs) && Math.abs(now.getTime() - unixMs) <= toleranceSeconds * 1000;
}
