import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { fingerprint, LogAudit, suiteLog } from '../support/suite-log.js';
import { startTestBroker } from '../support/test-broker.js';

/*
 * The root afterAll hook greps everything logged during the run for every configured secret
 * (test/support/hooks.ts). These are its positive controls: the grep finds a secret that was
 * written unredacted, in each form a JSON line can carry it, and reports where without writing it.
 */
describe('the suite-wide secret grep', () => {
  const SECRET = 's3cr"et\\with/quotes-0123456789';

  /**
   * Log lines written as is, past the logger and its redaction. Not a LogCapture: the suite's own
   * grep would rightly fail the run on them (the redaction spec configures the same secret).
   */
  const leakedLog = (...texts: string[]): string[] => texts;

  function auditOf(lines: string[]): LogAudit {
    const audit = new LogAudit();
    audit.secret(SECRET);
    audit.watch(lines, 'the control');
    return audit;
  }

  it('finds a secret written unredacted, naming its fingerprint and line, never the secret', () => {
    const lines = leakedLog('{"msg":"fine"}', JSON.stringify({ msg: `token ${SECRET}` }));
    const audit = auditOf(lines);
    expect(audit.leaks()).to.deep.equal([{ fingerprint: fingerprint(SECRET), source: 'the control', line: 2 }]);
    let report = '';
    try {
      audit.assertNoLeaks();
    } catch (e) {
      report = (e as Error).message;
    }
    expect(report).to.include(fingerprint(SECRET)).and.include('the control, line 2');
    expect(report).not.to.include('s3cr');
  });

  for (const [form, text] of [
    ['JSON-escaped', JSON.stringify({ msg: SECRET })],
    ['escaped twice', JSON.stringify({ body: JSON.stringify({ token: SECRET }) })],
    [
      'with \\u escapes',
      JSON.stringify({ body: `{"token":"${SECRET.replace(/["\\/]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"}` }),
    ],
  ] as const) {
    it(`finds it ${form}`, () => {
      expect(auditOf(leakedLog(text)).leaks()).to.have.length(1);
    });
  }

  it('passes a log without the secret', () => {
    expect(auditOf(leakedLog('{"msg":"token [REDACTED]"}')).leaks()).to.deep.equal([]);
  });

  it('reads every LogCapture of the run and every secret a broker of the run read', async () => {
    const before = suiteLog.size;
    const t = await startTestBroker({ adminToken: `audit-admin-token-${randomUUID()}` });
    await t.close();
    expect(suiteLog.size.sources).to.be.above(before.sources);
    expect(suiteLog.size.secrets).to.be.above(before.secrets);
  });
});
