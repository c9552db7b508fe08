import { parseArgs } from 'node:util';
import { usageError } from './io.js';

export interface Parsed {
  /** The words after the command's own (`orders show <trace>` → [trace]). */
  readonly positionals: string[];
  /** Flags by snake_case name: `--asset-id x` → asset_id. */
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  /** `--json`: the broker's answer as JSON, for scripts. */
  readonly json: boolean;
  readonly help: boolean;
}

/** Every flag any command takes; a command ignores the ones that are not its own. */
const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  status: { type: 'string' },
  wallet: { type: 'string' },
  'asset-id': { type: 'string' },
  'payee-id': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  q: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
} as const;

export function parse(argv: readonly string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const flags = Object.fromEntries(Object.entries(parsed.values).map(([k, v]) => [k.replaceAll('-', '_'), v]));
  return { positionals: parsed.positionals, flags, json: parsed.values.json === true, help: parsed.values.help === true };
}
