import { expect } from 'chai';
import { STORE_KEY_MAX_LENGTH } from '../../src/plugin-api/index.js';
import { MemoryStore } from '../../src/plugin-api/testing/doubles.js';

/* The test double keeps the durable store's key limit, so a plugin's unit tests meet it first. */

describe('plugin store key limit', () => {
  it(`keeps a key of ${STORE_KEY_MAX_LENGTH} characters`, async () => {
    const store = new MemoryStore();
    await store.put('k'.repeat(STORE_KEY_MAX_LENGTH), 1);
    expect(await store.get('k'.repeat(STORE_KEY_MAX_LENGTH))).to.equal(1);
  });

  it('refuses a longer key, as the varchar(255) column does', async () => {
    const store = new MemoryStore();
    let refused: unknown = null;
    await store.putIfAbsent('k'.repeat(STORE_KEY_MAX_LENGTH + 1), 1).catch((e: unknown) => (refused = e));
    expect(refused).to.be.instanceOf(Error);
  });
});
