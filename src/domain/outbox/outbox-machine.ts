import { DomainError } from '../shared/domain-error.js';

/** One move of an outbox row: the states it may start from and the one it ends in. */
export interface OutboxMove<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
  /**
   * Made only by the worker holding the row's claim, while its lease holds, so from the leased
   * state alone; the others (an operator's, a provider's word) need no claim.
   */
  readonly byClaim: boolean;
}

/**
 * The states of an outbox row and the only moves between them. A row is written in the transaction
 * that implies it (`initial`, due at once); a worker claims it when it is due (or when another
 * worker's lease on it has passed), which puts it in the `leased` state and counts an attempt;
 * every other change is one of `moves`.
 */
export interface OutboxMachine<S extends string = string> {
  readonly initial: S;
  /** Claimable once their next attempt is due. */
  readonly due: readonly S[];
  /** A claimed row's state: under one worker's lease, claimable again only once the lease has passed. */
  readonly leased: S;
  readonly moves: Readonly<Record<string, OutboxMove<S>>>;
}

/** The moves of `O` that only a claim holder makes. */
export type ClaimMove<O extends OutboxMachine> = {
  [K in keyof O['moves']]: O['moves'][K]['byClaim'] extends true ? K : never;
}[keyof O['moves']] &
  string;

/** The moves of `O` made without a claim. */
export type UnclaimedMove<O extends OutboxMachine> = Exclude<keyof O['moves'] & string, ClaimMove<O>>;

export class InvalidOutboxMachine extends DomainError {}

/**
 * Declares a queue's table of states, checked once where it is defined: a claim move starts from
 * the leased state only (that is what the lease fences), and a leased row is not also "due".
 * Curried so the state type is named while the moves keep their literal types.
 */
export function outboxMachine<S extends string>() {
  return <const O extends OutboxMachine<S>>(machine: O): O => {
    if (machine.due.includes(machine.leased)) throw new InvalidOutboxMachine(`a leased row (${machine.leased}) is not due`);
    for (const [name, move] of Object.entries(machine.moves)) {
      if (move.byClaim && (move.from.length !== 1 || move.from[0] !== machine.leased)) {
        throw new InvalidOutboxMachine(`claim move ${name} must start from ${machine.leased} alone`);
      }
    }
    return machine;
  };
}

/** Whether `move` may be made from `state`. */
export function canMove<O extends OutboxMachine>(machine: O, move: keyof O['moves'] & string, state: string): boolean {
  return (machine.moves[move]?.from as readonly string[] | undefined)?.includes(state) ?? false;
}
