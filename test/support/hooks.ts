import nock from 'nock';
import { stopTestDatabase } from './database.js';

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
  },
};
