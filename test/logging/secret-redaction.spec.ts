import { expect } from 'chai';
import { createLogger } from '../../src/adapters/logging/pino-logger.js';
import { SecretRegistry } from '../../src/adapters/logging/secret-registry.js';
import { LogCapture } from '../support/log-capture.js';
import { LogAudit } from '../support/suite-log.js';

/**
 * A secret is redacted in every form a JSON line can carry it: as is, JSON-escaped (a quote or a
 * backslash in it), with control characters \u-escaped, and escaped twice (a JSON text logged as a string).
 */
describe('secret redaction by value', () => {
  const QUOTED = 's3cr"et\\with/quotes-0123456789';
  const CONTROL = 'tab\there-bell\u0007-newline\n-0123456789';

  function loggerWith(...secrets: string[]) {
    const registry = new SecretRegistry();
    for (const s of secrets) registry.add(s);
    const logs = new LogCapture();
    return { logs, log: createLogger({ level: 'debug', secrets: registry, destination: logs }) };
  }

  /** Greps the way the suite's audit does, which is written apart from the product's redaction. */
  function leaked(logs: LogCapture, secret: string): boolean {
    const audit = new LogAudit();
    audit.secret(secret);
    audit.watch(logs.lines, 'this test');
    return audit.leaks().length > 0;
  }

  for (const [name, secret] of [
    ['quotes and a backslash', QUOTED],
    ['control characters', CONTROL],
  ] as const) {
    describe(`a secret with ${name}`, () => {
      it('is redacted in a message, a field, a nested field and an error', () => {
        const { logs, log } = loggerWith(secret);
        log.info({}, `token is ${secret}`);
        log.info({ given: secret }, 'a field');
        log.warn({ request: { header: `Bearer ${secret}` } }, 'a nested field');
        log.error({ err: new Error(`refused ${secret}`) }, 'an error');
        expect(logs.lines).to.have.length(4);
        expect(leaked(logs, secret), logs.text()).to.equal(false);
        expect(logs.records().every((r) => JSON.stringify(r).includes('[REDACTED]'))).to.equal(true);
      });

      it('is redacted inside a JSON text logged as a string (escaped twice)', () => {
        const { logs, log } = loggerWith(secret);
        log.info({ body: JSON.stringify({ token: secret }) }, 'a raw body');
        expect(leaked(logs, secret), logs.text()).to.equal(false);
      });

      it('is redacted when a serializer wrote its special characters as \\u escapes', () => {
        const { logs, log } = loggerWith(secret);
        // e.g. a provider's answer from a serializer that writes " as \u0022, logged as the raw text it is
        const uEscaped = secret.replace(/["\\\u0000-\u001f/]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        log.info({ answer: `{"token":"${uEscaped}"}` }, 'a provider answer');
        expect(leaked(logs, secret), logs.text()).to.equal(false);
      });
    });
  }
});
