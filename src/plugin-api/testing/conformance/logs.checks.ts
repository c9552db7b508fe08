import { expect } from 'chai';
import { logLineText } from '../doubles.js';
import type { Harness } from './harness.js';

/** The conformance checks of the logs. */
export function logsChecks(h: Harness): void {
  const { fixture, logs } = h;
  describe('logs', function () {
    it('no secret value appears in any log line the plugin wrote during the suite', function () {
      const leaks: string[] = [];
      for (const { test, logger } of logs) {
        for (const line of logger.lines) {
          const text = logLineText(line);
          fixture.settings.secrets.forEach((secret, i) => {
            if (text.includes(secret)) leaks.push(`secret #${i + 1} in "${test}": ${text.replaceAll(secret, '<SECRET>').slice(0, 300)}`);
          });
        }
      }
      expect(leaks, leaks.join('\n')).to.deep.equal([]);
    });
  });
}
