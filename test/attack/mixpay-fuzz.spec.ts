import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { BTC, USDT } from '../support/fixtures.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import { badBodiesUnderMediaType, badJsonBodies, fileParts, withFilePart } from './support/bad-bodies.js';
import { brokenFields, expiriesTooFar, plainHttpReturnUrls, returnUrlsWithCredentials, type BrokenField } from './support/bad-fields.js';
import { fuzzBrokerConfig } from './support/fuzz-broker.js';
import { FuzzTally, fuzzParams } from './support/fuzz-run.js';
import { ENCODINGS, createOrderRequest, encodingsOf, validFields, withField, type Encoding } from './support/order-wire.js';
import { expectEnvelope, expectRefusal, namesFirst, Prober } from './support/probe.js';
import { rangeCases, rangeRequest } from './support/range-queries.js';
import { validOrders } from './support/valid-orders.js';

/*
 * Property-based fuzzing of MixPay's two calls against one real broker (mock wallet, sandbox
 * treasury). Every bad input must be answered HTTP 200 with the envelope, code 11000 naming the
 * bad field (11001 for a payee the wallet does not serve), nothing internal in the body, no error
 * logged and no row written; and valid generated orders must still be accepted, one row each.
 * Seed and runs: FUZZ_SEED, FUZZ_RUNS (support/fuzz-run.ts). One summary line is printed at the end.
 */

const nowSeconds = () => Math.floor(Date.now() / 1000);
const PROPERTY_TIMEOUT_MS = 120_000;

describe('attack: MixPay calls under property-based fuzzing', () => {
  let t: TestBroker;
  let probe: Prober;
  const tally = new FuzzTally();

  before(async () => {
    t = await startTestBroker({ config: fuzzBrokerConfig() });
    probe = await Prober.open(t.url, t.logs, tally);
  });
  after(async () => {
    process.stdout.write(`\n${tally.summary()}\n`);
    await probe?.close();
    await t?.close();
  });

  /*
   * Trace ids are fresh for every request, not generated: while fast-check shrinks a failure it
   * replays inputs, and a replayed trace id would meet the order an accepted input left behind.
   */

  /** Sends the valid body with one field broken and checks the refusal. */
  const refusesBroken = async (b: BrokenField, encoding: Encoding) => {
    const body = withField(validFields(randomUUID()), b.field, b.carried);
    expectRefusal(await probe.send(createOrderRequest(body, encoding)), b.expect);
  };
  /** A broken field with an encoding that can carry it. */
  const sendable = (fields: fc.Arbitrary<BrokenField>) =>
    fields.chain((b) => fc.tuple(fc.constant(b), fc.constantFrom(...encodingsOf(b.carried))));

  describe('create_order with one field broken', () => {
    for (const encoding of ENCODINGS) {
      it(`refuses each field broken in any of many ways, sent as ${encoding}, with 11000 naming it and stores nothing`, async function () {
        this.timeout(PROPERTY_TIMEOUT_MS);
        const broken = brokenFields(nowSeconds()).filter((b) => encodingsOf(b.carried).includes(encoding));
        await fc.assert(
          fc.asyncProperty(broken, (b) => refusesBroken(b, encoding)),
          fuzzParams(350),
        );
      });
    }

    it('refuses expired_at more than 24 hours ahead (the default order lifetime cap) naming expired_at', async function () {
      this.timeout(PROPERTY_TIMEOUT_MS);
      await fc.assert(
        fc.asyncProperty(sendable(expiriesTooFar(nowSeconds())), ([b, e]) => refusesBroken(b, e)),
        fuzzParams(100),
      );
    });

    it('refuses a plain-http return_url (https is required by default) naming return_url', async function () {
      this.timeout(PROPERTY_TIMEOUT_MS);
      await fc.assert(
        fc.asyncProperty(sendable(plainHttpReturnUrls()), ([b, e]) => refusesBroken(b, e)),
        fuzzParams(100),
      );
    });

    it('refuses an https return_url that carries a user name or password naming return_url', async function () {
      this.timeout(PROPERTY_TIMEOUT_MS);
      await fc.assert(
        fc.asyncProperty(sendable(returnUrlsWithCredentials()), ([b, e]) => refusesBroken(b, e)),
        fuzzParams(100),
      );
    });
  });

  describe('create_order with the body broken as a whole', () => {
    it('refuses JSON that is no object, not JSON, has a key twice with two values or nests deep, naming the body or the field', async function () {
      this.timeout(PROPERTY_TIMEOUT_MS);
      await fc.assert(
        fc.asyncProperty(badJsonBodies, async (bad) => expectRefusal(await probe.send(bad.request(randomUUID())), bad.expect)),
        fuzzParams(250),
      );
    });

    it('reads every other JSON media type the same exact way as application/json, or refuses it naming the body', async function () {
      this.timeout(PROPERTY_TIMEOUT_MS);
      await fc.assert(
        fc.asyncProperty(badBodiesUnderMediaType(nowSeconds()), async ({ mediaType, body }) => {
          const req = { ...body.request(randomUUID()), contentType: mediaType };
          expectRefusal(await probe.send(req), body.expect);
        }),
        fuzzParams(200),
      );
    });

    it('refuses a multipart body with a file part with 11000 naming the part or the body', async function () {
      this.timeout(PROPERTY_TIMEOUT_MS);
      await fc.assert(
        fc.asyncProperty(fileParts, async (part) => {
          expectRefusal(await probe.send(withFilePart(randomUUID(), part)), namesFirst(part.name, 'body'));
        }),
        fuzzParams(100),
      );
    });
  });

  describe('assets/range', () => {
    it('answers any query: 11000 naming a broken parameter, 11001 for another payee, the rows or none for a well-formed one', async function () {
      this.timeout(PROPERTY_TIMEOUT_MS);
      await fc.assert(
        fc.asyncProperty(rangeCases, async (c) => {
          const p = await probe.send(rangeRequest(c));
          if (c.outcome.kind === 'refused') return expectRefusal(p, c.outcome.expect);
          const body = expectEnvelope(p);
          expect(body.code, body.message).to.equal(0);
          const assets = (body.data as { asset_id: string }[]).map((r) => r.asset_id);
          expect(assets).to.have.members(c.outcome.kind === 'rows' ? [USDT, BTC] : []);
          expect(p.rowsAdded).to.equal(0);
        }),
        fuzzParams(450),
      );
    });
  });

  describe('valid orders still pass', () => {
    it('accepts a valid generated order in any encoding with code 0 and stores exactly one order holding its exact amount', async function () {
      this.timeout(PROPERTY_TIMEOUT_MS);
      await fc.assert(
        fc.asyncProperty(validOrders(nowSeconds()), async (order) => {
          const traceId = randomUUID();
          const p = await probe.send(createOrderRequest(order.body(traceId), order.encoding), 'valid');
          const body = expectEnvelope(p);
          expect(body.code, body.message).to.equal(0);
          expect(body.data).to.have.all.keys('checkout_url', 'deep_link', 'universal_url');
          expect(p.added).to.include({ orders: 1, reservations: 1, reservedMoved: true });
          expect(p.added.transitions).to.be.at.least(1);
          const stored = await probe.storedAmount(traceId);
          expect(stored !== null && new Decimal(stored).eq(order.amount), `stored ${stored}, sent ${order.amount}`).to.equal(true);
        }),
        fuzzParams(60),
      );
    });
  });
});
