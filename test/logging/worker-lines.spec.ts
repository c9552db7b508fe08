import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../src/adapters/logging/pino-logger.js';
import { SecretRegistry } from '../../src/adapters/logging/secret-registry.js';
import { PeriodicWorker } from '../../src/adapters/workers/periodic-worker.js';
import { duplicatedKeys, LogCapture } from '../support/log-capture.js';

/** A worker's lines name the worker once, and a step that keeps failing the same way is not one stack per tick. */
describe('worker log lines', () => {
  function failingWorker(step: () => Promise<number>) {
    const logs = new LogCapture();
    const log = createLogger({ level: 'debug', secrets: new SecretRegistry(), destination: logs });
    return { logs, worker: new PeriodicWorker('settlement', step, 5, log.child({ worker: 'settlement' })) };
  }

  it('carry the worker key once per line', async () => {
    const { logs, worker } = failingWorker(async () => {
      throw new Error('a bug in the step');
    });
    worker.start();
    await sleep(30);
    await worker.stop();
    expect(logs.lines).not.to.be.empty;
    for (const line of logs.lines) expect(duplicatedKeys(line), line).to.deep.equal([]);
  });

  it('write the stack of a failure once, not on every tick it repeats, and say when the step works again', async () => {
    let failing = true;
    const { logs, worker } = failingWorker(async () => {
      if (failing) throw new Error('a bug in the step');
      return 0;
    });
    worker.start();
    await sleep(100); // about 20 ticks
    failing = false;
    await sleep(30);
    await worker.stop();
    const stacks = logs.records().filter((r) => JSON.stringify(r).includes('"stack"'));
    expect(stacks).to.have.length(1);
    expect(logs.records().filter((r) => r['msg'] === 'worker step works again')).to.have.length(1);
  });
});
