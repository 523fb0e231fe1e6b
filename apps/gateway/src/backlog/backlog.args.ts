import { Args, ID } from '@nestjs/graphql';
import { DomainError } from '@fulcrum/contracts';

// Arguments the backlog fields share, declared once so they read the same everywhere.

/** `projectId` of a backlog query; the authorization matrix scopes the field by it. */
export const BacklogProjectArg = (): ParameterDecorator =>
  Args('projectId', { type: () => ID, description: 'The project. Outside it (or for a project that does not exist) the answer is NOT_FOUND.' });

/** `itemId` of a backlog query. */
export const BacklogItemIdArg = (): ParameterDecorator =>
  Args('itemId', { type: () => ID, description: 'The item (ITEM_NOT_FOUND, extensions.code NOT_FOUND, when not in the project).' });

/**
 * Exactly one of two optional arguments (`rankBacklogItem`'s before/after, `backlogItem`'s id/key);
 * VALIDATION_FAILED naming both otherwise.
 */
export function exactlyOne<A, B>(
  first: [name: string, value: A | null | undefined],
  second: [name: string, value: B | null | undefined],
): { first: A; second?: undefined } | { first?: undefined; second: B } {
  const [firstName, a] = first;
  const [secondName, b] = second;
  const hasA = a !== null && a !== undefined;
  const hasB = b !== null && b !== undefined;
  if (hasA === hasB) {
    throw new DomainError('VALIDATION_FAILED', `Give exactly one of ${firstName} and ${secondName}; ${hasA ? 'both are' : 'neither is'} given.`, {
      fields: [firstName, secondName],
    });
  }
  return hasA ? { first: a } : { second: b as B };
}
