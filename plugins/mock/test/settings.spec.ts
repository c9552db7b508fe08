import { expect } from 'chai';
import settingsSchema from '../src/settings.js';
import { SECRET } from './fixtures.js';

const messages = (input: unknown): string[] => {
  const result = settingsSchema.safeParse(input);
  if (result.success) throw new Error('expected the settings to be refused');
  return result.error.issues.map((issue) => issue.message);
};

describe('mock settings', () => {
  it('fills the defaults from a secret alone', () => {
    expect(settingsSchema.parse({ webhookSecret: SECRET })).to.deep.equal({
      webhookSecret: SECRET,
      webhookToleranceSeconds: 300,
      faults: { create: 'none', slowMs: 3000, webhook: 'deliver' },
    });
  });

  it('fills the fault defaults inside a partial faults object', () => {
    expect(settingsSchema.parse({ webhookSecret: SECRET, faults: { create: 'slow' } }).faults).to.deep.equal({
      create: 'slow',
      slowMs: 3000,
      webhook: 'deliver',
    });
  });

  it('refuses a secret shorter than 16 characters, naming webhookSecret', () => {
    expect(messages({ webhookSecret: 'short' })).to.deep.equal(['webhookSecret must be at least 16 characters']);
  });

  it('refuses a missing secret, naming webhookSecret', () => {
    expect(messages({})).to.deep.equal(['webhookSecret must be a string']);
  });

  it('refuses an unknown fault, naming faults.create and the allowed values', () => {
    expect(messages({ webhookSecret: SECRET, faults: { create: 'explode' } })).to.deep.equal([
      'faults.create must be one of none, error, slow, decline',
    ]);
  });

  it('accepts faults.webhook drop', () => {
    expect(settingsSchema.parse({ webhookSecret: SECRET, faults: { webhook: 'drop' } }).faults).to.deep.equal({
      create: 'none',
      slowMs: 3000,
      webhook: 'drop',
    });
  });

  it('refuses an unknown webhook fault, naming faults.webhook and the allowed values', () => {
    expect(messages({ webhookSecret: SECRET, faults: { webhook: 'lose' } })).to.deep.equal(['faults.webhook must be one of deliver, drop']);
  });

  it('refuses a fractional tolerance, naming webhookToleranceSeconds', () => {
    expect(messages({ webhookSecret: SECRET, webhookToleranceSeconds: 1.5 })).to.deep.equal([
      'webhookToleranceSeconds must be a whole number of seconds',
    ]);
  });

  it('refuses a negative slowMs, naming faults.slowMs', () => {
    expect(messages({ webhookSecret: SECRET, faults: { slowMs: -1 } })).to.deep.equal(['faults.slowMs must not be negative']);
  });

  it('refuses an unknown top-level key, naming it and the allowed ones', () => {
    expect(messages({ webhookSecret: SECRET, webhookSecrett: 'x' })).to.deep.equal([
      'unknown setting "webhookSecrett" (allowed: webhookSecret, webhookToleranceSeconds, faults)',
    ]);
  });

  it('refuses an unknown key inside faults, naming it and the allowed ones', () => {
    expect(messages({ webhookSecret: SECRET, faults: { refund: 'error' } })).to.deep.equal([
      'unknown key in faults: "refund" (allowed: create, slowMs, webhook)',
    ]);
  });
});
