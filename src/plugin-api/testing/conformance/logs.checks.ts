import { expect } from 'chai';
import { logLineText } from '../doubles.js';
import { expectNoSecretsIn, secretsFoundIn } from '../secret-search.js';
import type { Harness } from './harness.js';

/** The conformance checks of the logs. */
export function logsChecks(h: Harness): void {
  const { fixture, logs } = h;
  describe('logs', function () {
    it('no secret value appears in any log line the plugin wrote during the suite', function () {
      const secrets = Object.fromEntries(fixture.settings.secrets.map((s, i) => [`secret #${i + 1}`, s]));
      const leaks: string[] = [];
      for (const { test, logger } of logs) {
        for (const line of logger.lines) {
          const text = logLineText(line);
          for (const name of secretsFoundIn(text, secrets)) leaks.push(`${name} in "${test}": ${text.slice(0, 80)}…`);
        }
      }
      expect(leaks, leaks.join('\n')).to.deep.equal([]);
      // Positive control: the suite logged something, and the search finds a secret once it is logged.
      expectNoSecretsIn(
        logs.flatMap(({ logger }) => logger.lines.map(logLineText)),
        secrets,
      );
    });
  });
}
