import { expect } from 'chai';
import { testConfig, USDT, orderRequest } from '../support/fixtures.js';
import { eventually } from '../support/eventually.js';
import { HttpReceiver } from '../support/http-receiver.js';
import { createOrder } from '../support/mixpay-client.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import { TestClock } from '../support/test-clock.js';

/*
 * An order refused with 11002 (the balance cannot cover it) raises an operator alert: always as a
 * log line carrying an `alert` field, also as a POST to alerts.webhookUrl when one is configured.
 * One alert per key per alerts.minIntervalSeconds (300 by default); the next one counts what was held back.
 * The USDT balance is 5, so an order of 10 USDT is refused.
 */

const ALERT_KEY = `insufficient-balance:${USDT}`;

/** create_order for 10 USDT; asserts MixPay's 11002 answer. */
async function refusedOrder(t: TestBroker): Promise<void> {
  const answer = await createOrder(t.url, orderRequest({ amount: '10' }));
  expect(answer.body.code, JSON.stringify(answer.body)).to.equal(11002);
}

const alertLines = (t: TestBroker) => t.logs.records().filter((r) => r['alert'] === ALERT_KEY);

describe('alerts on orders refused with 11002', () => {
  const clock = new TestClock();
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ clock, config: testConfig({ usdtBalance: '5' }) });
    await refusedOrder(t);
  });
  after(async () => t.close());

  it('raise one alert line, naming the asset', async () => {
    const lines = await eventually(
      () => alertLines(t),
      (l) => l.length > 0,
      { what: 'an alert line' },
    );
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ severity: 'warning', asset_id: USDT, suppressed: 0 });
    expect(String(lines[0]!['msg'])).to.contain('11002');
  });

  describe('a second refusal within the interval', () => {
    before(async () => {
      clock.advance(60_000);
      await refusedOrder(t);
    });

    it('is held back: still one alert line', () => {
      expect(alertLines(t)).to.have.length(1);
    });

    describe('and a third once the interval has passed', () => {
      before(async () => {
        clock.advance(300_000);
        await refusedOrder(t);
      });

      it('alerts again, saying one was held back', async () => {
        const lines = await eventually(
          () => alertLines(t),
          (l) => l.length > 1,
          { what: 'a second alert line' },
        );
        expect(lines).to.have.length(2);
        expect(lines[1]).to.include({ suppressed: 1 });
      });
    });
  });
});

describe('alerts with alerts.webhookUrl set', () => {
  let receiver: HttpReceiver;
  let t: TestBroker;
  before(async () => {
    receiver = await HttpReceiver.start();
    t = await startTestBroker({ config: { ...testConfig({ usdtBalance: '5' }), alerts: { webhookUrl: receiver.url('/hooks/ops') } } });
    await refusedOrder(t);
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it('POST the alert as JSON with a Slack-style text field', async () => {
    const posts = await eventually(
      () => receiver.received,
      (r) => r.length > 0,
      { what: 'an alert POST' },
    );
    expect(posts).to.have.length(1);
    expect(posts[0]!.path).to.equal('/hooks/ops');
    expect(posts[0]!.contentType).to.match(/^application\/json/);
    const body = JSON.parse(posts[0]!.body) as { text?: unknown; alert?: unknown };
    expect(body.text).to.be.a('string').that.contains('11002').and.contains(USDT);
    expect(body.alert).to.equal(ALERT_KEY);
  });

  it('still write the alert to the log as well', () => {
    expect(alertLines(t)).to.have.length(1);
  });
});
