import type fc from 'fast-check';

/*
 * How the attack suite's properties run: a fixed seed by default, so CI replays the same inputs;
 * FUZZ_SEED picks another seed and FUZZ_RUNS sets every property's number of runs. On a failure
 * fast-check prints the seed and path that replay it.
 */

const DEFAULT_SEED = 20_250_611;

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

export const FUZZ_SEED = intFromEnv('FUZZ_SEED') ?? DEFAULT_SEED;
const FUZZ_RUNS = intFromEnv('FUZZ_RUNS');

/** fast-check parameters for a property that runs `defaultRuns` times unless FUZZ_RUNS says otherwise. */
export function fuzzParams<T>(defaultRuns: number): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: FUZZ_RUNS ?? defaultRuns };
}

/** What the properties sent and what came back, for the one summary line at the end of the run. */
export class FuzzTally {
  tried = 0;
  refused = 0;
  accepted = 0;
  http5xx = 0;
  /** 11002 answers: the boundary's translation of an internal failure on /mixpay/ routes. */
  unavailable = 0;
  errorLogs = 0;
  rowsLeaked = 0;

  summary(): string {
    return (
      `mixpay fuzz: seed ${FUZZ_SEED}, ${this.tried} inputs tried, ${this.refused} refused, ${this.accepted} accepted, ` +
      `${this.http5xx} HTTP 5xx, ${this.unavailable} answered 11002, ${this.errorLogs} error log lines, ${this.rowsLeaked} rows leaked`
    );
  }
}
