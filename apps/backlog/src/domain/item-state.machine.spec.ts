import fc from 'fast-check';
import { DomainError } from '@fulcrum/contracts';
import { ITEM_STATES, type ItemState } from './backlog.vocabulary';
import { DONE_STATES, allowedTransitions, assertTransition, canTransition, isOpen } from './item-state.machine';

// The list, written out independently of the machine's table.
const EXPECTED: ReadonlyArray<readonly [ItemState, ItemState]> = [
  ['ICEBOX', 'BACKLOG'],
  ['BACKLOG', 'ICEBOX'],
  ['BACKLOG', 'STARTED'],
  ['STARTED', 'FINISHED'],
  ['FINISHED', 'DELIVERED'],
  ['DELIVERED', 'ACCEPTED'],
  ['DELIVERED', 'REJECTED'],
  ['REJECTED', 'STARTED'],
  ...ITEM_STATES.filter((s) => s !== 'ARCHIVED').map((s) => [s, 'ARCHIVED'] as const),
  ['ARCHIVED', 'ICEBOX'],
];
const expected = (from: ItemState, to: ItemState) => EXPECTED.some(([f, t]) => f === from && t === to);

function thrown(fn: () => void): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('item state machine', () => {
  it('allows exactly the listed moves, for every pair of states', () => {
    let allowedPairs = 0;
    for (const from of ITEM_STATES) {
      for (const to of ITEM_STATES) {
        const allowed = expected(from, to);
        expect([from, to, canTransition(from, to)]).toEqual([from, to, allowed]);
        expect(allowedTransitions(from).includes(to)).toBe(allowed);
        if (allowed) {
          expect(() => assertTransition(from, to)).not.toThrow();
          allowedPairs++;
        } else {
          expect(thrown(() => assertTransition(from, to)).code).toBe('INVALID_TRANSITION');
        }
      }
    }
    expect(allowedPairs).toBe(EXPECTED.length);
    expect(allowedPairs).toBe(16);
  });

  it('names the allowed moves in the error', () => {
    const error = thrown(() => assertTransition('DELIVERED', 'STARTED'));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.details).toEqual({ from: 'DELIVERED', to: 'STARTED', allowed: ['ACCEPTED', 'REJECTED', 'ARCHIVED'] });
    expect(error.message).toBe('An item cannot move from DELIVERED to STARTED; from DELIVERED it may move to ACCEPTED, REJECTED, ARCHIVED.');
    expect(thrown(() => assertTransition('ARCHIVED', 'ARCHIVED')).details).toEqual({ from: 'ARCHIVED', to: 'ARCHIVED', allowed: ['ICEBOX'] });
  });

  it('does not let callers change the table through the returned list', () => {
    const error = thrown(() => assertTransition('ICEBOX', 'STARTED'));
    (error.details?.allowed as ItemState[]).push('STARTED');
    expect(canTransition('ICEBOX', 'STARTED')).toBe(false);
  });

  it('agrees with the list on random walks, and every item can always come back to the icebox', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.constantFrom(...ITEM_STATES)), { maxLength: 60 }), (steps) => {
        let state: ItemState = 'ICEBOX';
        for (const [follow, pick, target] of steps) {
          // Either take an allowed move or try any state: the machine must agree with the list either way.
          const to: ItemState = follow ? allowedTransitions(state)[pick % allowedTransitions(state).length] : target;
          if (expected(state, to)) {
            assertTransition(state, to);
            state = to;
          } else {
            expect(() => assertTransition(state, to)).toThrow(DomainError);
          }
        }
        // Items never vanish: archive (if needed) then restore always leads back to the icebox.
        const back = state === 'ARCHIVED' ? ['ICEBOX'] : state === 'ICEBOX' ? [] : ['ARCHIVED', 'ICEBOX'];
        for (const to of back as ItemState[]) {
          assertTransition(state, to);
          state = to;
        }
        expect(state).toBe('ICEBOX');
      }),
    );
  });

  it('counts finished, delivered and accepted as done, and done or archived items as not open', () => {
    expect([...DONE_STATES].sort()).toEqual(['ACCEPTED', 'DELIVERED', 'FINISHED']);
    expect(ITEM_STATES.filter(isOpen)).toEqual(['ICEBOX', 'BACKLOG', 'STARTED', 'REJECTED']);
  });
});
