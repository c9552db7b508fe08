/**
 * Replaces `{"env": "NAME"}` anywhere in a wallet's settings with that environment variable, so
 * secrets live in the environment and never in the config file. Every value read this way is
 * reported to `onSecret` (for log redaction).
 */
export function resolveSettings(
  settings: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  onSecret: (value: string) => void,
): { settings: Record<string, unknown>; missing: string[] } {
  const missing: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (isEnvRef(value)) {
      const v = env[value.env];
      if (v === undefined || v === '') {
        missing.push(`${path} (environment variable ${value.env} is not set)`);
        return undefined;
      }
      onSecret(v);
      return v;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k)]));
    }
    return value;
  };
  return { settings: walk(settings, '') as Record<string, unknown>, missing };
}

function isEnvRef(value: unknown): value is { env: string } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { env?: unknown }).env === 'string'
  );
}
