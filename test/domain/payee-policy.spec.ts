import { expect } from 'chai';
import { normalizeUuid } from '../../src/domain/shared/uuid.js';
import { PayeePolicy } from '../../src/domain/wallet/payee-policy.js';

const A = '3539c3ce-52c0-4b0b-9573-c035ecb98d48';
const B = 'a37c0fcf-1fd6-4375-a7f8-7ec6e2544c7b';

describe('payee policy', () => {
  it('admits everyone without lists', () => {
    expect(new PayeePolicy({}).permits(A)).to.equal(true);
  });
  it('admits only listed payees when an allow list is set', () => {
    const p = new PayeePolicy({ allow: [A] });
    expect([p.permits(A), p.permits(B)]).to.deep.equal([true, false]);
  });
  it('refuses denied payees, even when also allowed', () => {
    const p = new PayeePolicy({ allow: [A, B], deny: [B] });
    expect([p.permits(A), p.permits(B)]).to.deep.equal([true, false]);
  });
  it('matches 32-hex and upper-case forms of the same id', () => {
    const p = new PayeePolicy({ allow: [A] });
    expect(p.permits(A.replaceAll('-', '').toUpperCase())).to.equal(true);
  });
  it('normalises 32 hex digits to the dashed lower-case form', () => {
    expect(normalizeUuid('3539C3CE52C04B0B9573C035ECB98D48')).to.equal(A);
  });
});
