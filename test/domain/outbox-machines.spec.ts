import { expect } from 'chai';
import { canMove, InvalidOutboxMachine, outboxMachine, type OutboxMachine } from '../../src/domain/outbox/outbox-machine.js';
import { REFUND_OUTBOX } from '../../src/domain/refund/refund-outbox.js';
import { TRANSFER_OUTBOX } from '../../src/domain/settlement/transfer-outbox.js';

/** Every state a row can get to from its initial one: by a claim (due → leased) or by a move. */
function reachable(m: OutboxMachine): Set<string> {
  const seen = new Set<string>([m.initial]);
  const todo = [m.initial];
  for (let s = todo.pop(); s !== undefined; s = todo.pop()) {
    const moved = Object.values(m.moves)
      .filter((mv) => mv.from.includes(s))
      .map((mv) => mv.to);
    const next = m.due.includes(s) ? [m.leased, ...moved] : moved;
    for (const n of next.filter((n) => !seen.has(n))) {
      seen.add(n);
      todo.push(n);
    }
  }
  return seen;
}

/** The states a row leaves by no move and no claim. */
function finalStates(m: OutboxMachine, states: readonly string[]): string[] {
  return states.filter((s) => !m.due.includes(s) && s !== m.leased && !Object.values(m.moves).some((move) => move.from.includes(s)));
}

describe('outbox row state machines', () => {
  describe('a transfer row', () => {
    const states = ['pending', 'in_flight', 'done', 'failed'];

    it('reaches every state from pending, and only done is final (a failed one an operator reopens)', () => {
      expect([...reachable(TRANSFER_OUTBOX)].sort()).to.deep.equal([...states].sort());
      expect(finalStates(TRANSFER_OUTBOX, states)).to.deep.equal(['done']);
    });

    it('is finished, retried or failed only from in_flight, by the claim holder', () => {
      for (const move of ['done', 'retry', 'fail'] as const) {
        expect(TRANSFER_OUTBOX.moves[move]).to.deep.include({ from: ['in_flight'], byClaim: true });
        for (const s of ['pending', 'done', 'failed']) expect(canMove(TRANSFER_OUTBOX, move, s), `${move} from ${s}`).to.equal(false);
      }
    });

    it('is reopened only when failed, without a claim', () => {
      expect(TRANSFER_OUTBOX.moves.reopen).to.deep.equal({ from: ['failed'], to: 'pending', byClaim: false });
    });
  });

  describe('a refund row', () => {
    const states = ['pending', 'in_flight', 'awaiting_provider', 'succeeded', 'failed'];

    it('reaches every state from pending, and only succeeded is final', () => {
      expect([...reachable(REFUND_OUTBOX)].sort()).to.deep.equal([...states].sort());
      expect(finalStates(REFUND_OUTBOX, states)).to.deep.equal(['succeeded']);
    });

    it("takes the provider's word from any state but succeeded", () => {
      for (const move of ['providerSucceeded', 'providerFailed'] as const) {
        for (const s of states) expect(canMove(REFUND_OUTBOX, move, s), `${move} from ${s}`).to.equal(s !== 'succeeded');
      }
    });

    it('is claimed again when pending or awaiting the provider', () => {
      expect(REFUND_OUTBOX.due).to.deep.equal(['pending', 'awaiting_provider']);
    });
  });

  describe('a table', () => {
    const define = outboxMachine<'a' | 'held' | 'b'>();

    it('refuses a claim move that starts anywhere but the leased state (the lease could not fence it)', () => {
      expect(() => define({ initial: 'a', due: ['a'], leased: 'held', moves: { x: { from: ['a'], to: 'b', byClaim: true } } })).to.throw(
        InvalidOutboxMachine,
        /claim move x/,
      );
    });

    it('refuses a leased state that is also due', () => {
      expect(() => define({ initial: 'a', due: ['a', 'held'], leased: 'held', moves: {} })).to.throw(InvalidOutboxMachine, /not due/);
    });
  });
});
