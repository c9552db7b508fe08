import { expect } from 'chai';
import { connect } from 'node:net';
import { eventually } from '../support/eventually.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/** A client that hangs up mid-request is an expected fault: one warn line without a stack, not a 500 error. */
describe('a client that hangs up in the middle of a webhook', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker();
  });
  after(async () => t.close());

  /** Declares a 1000-byte body, sends 10 bytes of it, and destroys the socket. */
  async function hangUpMidBody(path: string): Promise<void> {
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nX-Request-Id: hang-up-1\r\n\r\n{"id":"ev`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
  }

  it('is one warn line, "client closed the request", with no stack, and the access line says 499', async () => {
    await hangUpMidBody('/webhooks/mock');
    const lines = await eventually(
      () => t.logs.records().filter((r) => r['request_id'] === 'hang-up-1'),
      (ls) => ls.some((l) => l['msg'] === 'request'),
      { what: 'the access line of the abandoned request' },
    );
    const problems = lines.filter((l) => l['level'] !== 'info' && l['level'] !== 'debug');
    expect(problems.map((l) => [l['level'], l['msg']])).to.deep.equal([['warn', 'client closed the request']]);
    expect(JSON.stringify(lines)).not.to.include('stack');
    expect(lines.find((l) => l['msg'] === 'request')).to.include({ status: 499 });
  });
});
