import nock from 'nock';
import { stopTestDatabase } from './database.js';
import { suiteLog } from './suite-log.js';

/** Root hooks: no test reaches the outside network; local servers and the database stay reachable. */
export const mochaHooks = {
  beforeAll() {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  },
  afterEach() {
    nock.cleanAll();
  },
  async afterAll() {
    nock.enableNetConnect();
    await stopTestDatabase();
    suiteLog.assertNoLeaks(); // everything logged in this run, grepped for every secret it configured
  },
};
