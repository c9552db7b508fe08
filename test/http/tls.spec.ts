import type { TLSSocket } from 'node:tls';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import nock from 'nock';
import { startBroker, type Broker } from '../../src/wiring/composition-root.js';
import { readEnv } from '../../src/config/env.js';
import { emptyTestDatabase, testDatabaseUrl } from '../support/database.js';
import { PAYEE, testConfig } from '../support/fixtures.js';
import { LogCapture } from '../support/log-capture.js';

/** MixPay requires HTTPS: with a certificate and key configured the broker serves TLS itself. */
describe('HTTPS when TLS_CERT_FILE and TLS_KEY_FILE are set', () => {
  let dir: string;
  let broker: Broker;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'broker-tls-'));
    // A throwaway self-signed certificate for 127.0.0.1 (openssl ships with Debian).
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const url = await testDatabaseUrl();
    await emptyTestDatabase(url);
    const env = readEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      TLS_CERT_FILE: join(dir, 'cert.pem'),
      TLS_KEY_FILE: join(dir, 'key.pem'),
    });
    broker = await startBroker({ env, processEnv: {}, config: testConfig(), logDestination: new LogCapture(), workers: false });
  });
  after(async () => {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers MixPay over TLS with the certificate it was given', async () => {
    // nock's interceptor does not pass a self-signed TLS handshake through; step it aside for this call.
    nock.restore();
    expect(broker.url.startsWith('https://')).to.equal(true);
    const { status, body, subject } = await new Promise<{ status: number; body: string; subject: string }>((resolve, reject) => {
      const req = request(`${broker.url}/mixpay/assets/range?payee_id=${PAYEE}&wallet=mock`, { rejectUnauthorized: false }, (res) => {
        const cert = (res.socket as TLSSocket).getPeerCertificate();
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, subject: String(cert.subject?.CN ?? '') }));
      });
      req.on('error', reject);
      req.end();
    }).finally(() => {
      nock.activate();
      nock.disableNetConnect();
      nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    });
    expect(status).to.equal(200);
    expect(subject).to.equal('127.0.0.1');
    expect((JSON.parse(body) as { code: number }).code).to.equal(0);
  });

  it('the default PUBLIC_URL is https too', () => {
    expect(readEnv({ PORT: '8443', TLS_CERT_FILE: 'c', TLS_KEY_FILE: 'k' }).publicUrl).to.equal('https://localhost:8443');
  });
});
