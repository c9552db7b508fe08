import { defineSettings, z } from '@mixpay-broker/plugin-api';

/*
 * The mock wallet's settings. The host resolves `{"env": "VAR"}` references before validation,
 * so `webhookSecret` arrives here as a plain string.
 */

export const FAULTS = ['none', 'error', 'slow', 'decline'] as const;
export type Fault = (typeof FAULTS)[number];

/** What becomes of the notification a button press decides: sent, or lost on the way (reconciliation tests). */
export const WEBHOOK_FAULTS = ['deliver', 'drop'] as const;
export type WebhookFault = (typeof WEBHOOK_FAULTS)[number];

/** Names the unknown keys and the allowed ones, so a typo in the config file is obvious. */
const unknownKeys =
  (where: string, allowed: readonly string[]) =>
  (issue: { code?: string; keys?: string[] }): string | undefined =>
    issue.code === 'unrecognized_keys'
      ? `unknown ${where} ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(', ')} (allowed: ${allowed.join(', ')})`
      : undefined;

const faultsSchema = z
  .object(
    {
      create: z.enum(FAULTS, { error: `faults.create must be one of ${FAULTS.join(', ')}` }).default('none'),
      slowMs: z
        .number({ error: 'faults.slowMs must be a whole number of milliseconds' })
        .int({ error: 'faults.slowMs must be a whole number of milliseconds' })
        .min(0, { error: 'faults.slowMs must not be negative' })
        .max(600_000, { error: 'faults.slowMs must be at most 600000 (10 minutes)' })
        .default(3000),
      webhook: z.enum(WEBHOOK_FAULTS, { error: `faults.webhook must be one of ${WEBHOOK_FAULTS.join(', ')}` }).default('deliver'),
    },
    { error: unknownKeys('key in faults:', ['create', 'slowMs', 'webhook']) },
  )
  .strict();

const settingsSchema = defineSettings(
  z
    .object(
      {
        webhookSecret: z
          .string({ error: 'webhookSecret must be a string' })
          .min(16, { error: 'webhookSecret must be at least 16 characters' }),
        webhookToleranceSeconds: z
          .number({ error: 'webhookToleranceSeconds must be a whole number of seconds' })
          .int({ error: 'webhookToleranceSeconds must be a whole number of seconds' })
          .positive({ error: 'webhookToleranceSeconds must be positive' })
          .default(300),
        faults: faultsSchema.default({ create: 'none', slowMs: 3000, webhook: 'deliver' }),
      },
      { error: unknownKeys('setting', ['webhookSecret', 'webhookToleranceSeconds', 'faults']) },
    )
    .strict(),
);

export type MockSettings = z.output<typeof settingsSchema>;

export default settingsSchema;
