import { parse } from 'lossless-json';

/**
 * Parses JSON keeping every number as the exact text it was written as (a string), so ids beyond
 * 2^53 (Binance's bizId) and amounts (0.88000000) survive. Returns undefined for invalid JSON.
 */
export function parseJsonExact(text: string): unknown {
  try {
    return parse(text, null, (numberText) => numberText);
  } catch {
    return undefined;
  }
}
