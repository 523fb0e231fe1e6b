import { DomainError } from '@fulcrum/contracts';
import type { ItemState } from './backlog.vocabulary';

/**
 * Pivotal Tracker's workflow as one table: from each state, the states an item may move to.
 * Every live state can be archived and an archived item comes back through the icebox, so nothing
 * is ever deleted and a restored item is re-triaged before work starts again.
 */
const MOVES: { readonly [S in ItemState]: readonly ItemState[] } = {
  ICEBOX: ['BACKLOG', 'ARCHIVED'],
  BACKLOG: ['ICEBOX', 'STARTED', 'ARCHIVED'],
  STARTED: ['FINISHED', 'ARCHIVED'],
  FINISHED: ['DELIVERED', 'ARCHIVED'],
  DELIVERED: ['ACCEPTED', 'REJECTED', 'ARCHIVED'],
  ACCEPTED: ['ARCHIVED'],
  REJECTED: ['STARTED', 'ARCHIVED'],
  ARCHIVED: ['ICEBOX'],
};

export function allowedTransitions(from: ItemState): readonly ItemState[] {
  return MOVES[from];
}

export function canTransition(from: ItemState, to: ItemState): boolean {
  return MOVES[from].includes(to);
}

/** Throws INVALID_TRANSITION naming the allowed moves, so a client can offer them instead. */
export function assertTransition(from: ItemState, to: ItemState): void {
  if (canTransition(from, to)) return;
  const allowed = [...MOVES[from]];
  throw new DomainError('INVALID_TRANSITION', `An item cannot move from ${from} to ${to}; from ${from} it may move to ${allowed.join(', ')}.`, {
    from,
    to,
    allowed,
  });
}

/** Done for ordering purposes: work that waits on an item may start once it is finished. */
export const DONE_STATES: ReadonlySet<ItemState> = new Set<ItemState>(['FINISHED', 'DELIVERED', 'ACCEPTED']);

/** Open items still hold up their successors and count on critical paths; archived ones never do. */
export function isOpen(state: ItemState): boolean {
  return !DONE_STATES.has(state) && state !== 'ARCHIVED';
}

