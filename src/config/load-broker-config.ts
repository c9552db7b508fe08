import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { brokerConfigSchema, type BrokerConfigFile } from './broker-config.schema.js';

export class ConfigError extends Error {}

/** Reads and validates the broker config; every problem names the file, the wallet and the field. */
export async function loadBrokerConfig(file: string): Promise<BrokerConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  return parseBrokerConfig(json, file);
}

export function parseBrokerConfig(json: unknown, file: string): BrokerConfigFile {
  const parsed = brokerConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`${file}: invalid config\n  ${parsed.error.issues.map(describeIssue).join('\n  ')}`);
  }
  return parsed.data;
}

/** "wallet binance: assets.<id>.min: must be …" rather than a bare zod path. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  // A bad record key (a wallet identifier, an asset id) carries the key rule's own message inside.
  const message = issue.code === 'invalid_key' ? `the key ${issue.issues.map((i) => i.message).join('; ')}` : issue.message;
  if (path[0] === 'wallets' && path.length >= 2) {
    const field = path.slice(2).join('.') || (issue.code === 'invalid_key' ? '(identifier)' : '(the wallet)');
    return `wallet "${path[1]}": ${field}: ${message}`;
  }
  return `${path.join('.') || '(top level)'}: ${message}`;
}
