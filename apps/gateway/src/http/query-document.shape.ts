import {
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * What an operation asks for, with every fragment spread counted where it is spread, as often as it is
 * spread (so it is what execution would see, not what the text shows).
 */
export interface OperationShape {
  /** Nesting of fields (`{ a { b } }` is 2); fragments and inline fragments add no level. */
  depth: number;
  /** Aliased fields. */
  aliases: number;
  /** Directives, on the operation, its variables, fields, fragments and spreads. */
  directives: number;
  /** Fields, inline fragments and fragment spreads. */
  selections: number;
}

export interface QueryDocumentShape extends OperationShape {
  /** Fragment definitions in the document, used or not (validation looks at every one). */
  fragments: number;
  /** The first fragment cycle met (`['A', 'B', 'A']`), if any: such a document is invalid and never executed. */
  fragmentCycle?: string[];
}

const NOTHING: OperationShape = { depth: 0, aliases: 0, directives: 0, selections: 0 };

/**
 * The largest value of each measure over the operations of `document` (only one operation runs per
 * request, but which one is named outside the document; fragments only, no operation: all zero), and
 * how many fragments it defines.
 *
 * One pass: each fragment is measured once and its totals are added wherever it is spread, so a
 * fragment spread twice by fragments spread twice, ten levels deep, counts 1,024 times without being
 * walked 1,024 times. A fragment cycle is noted and counts as nothing, so the walk stays finite.
 */
export function measureQueryDocument(document: DocumentNode): QueryDocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let fragmentDefinitions = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    fragments.set(definition.name.value, definition);
    fragmentDefinitions += 1;
  }
  const measured = new Map<string, OperationShape>();
  const path: string[] = [];
  let fragmentCycle: string[] | undefined;

  const fragmentShape = (name: string): OperationShape => {
    const known = measured.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (fragment === undefined) return NOTHING; // unknown fragment: validation reports it
    const onPath = path.indexOf(name);
    if (onPath >= 0) {
      fragmentCycle ??= [...path.slice(onPath), name];
      return NOTHING;
    }
    path.push(name);
    const shape = withDirectives(selectionSetShape(fragment.selectionSet), fragment.directives);
    path.pop();
    measured.set(name, shape);
    return shape;
  };

  const selectionSetShape = (set: SelectionSetNode): OperationShape => {
    const total = { ...NOTHING };
    for (const selection of set.selections) {
      total.selections += 1;
      total.directives += selection.directives?.length ?? 0;
      let inner: OperationShape;
      let level = 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total.aliases += 1;
        inner = selection.selectionSet ? selectionSetShape(selection.selectionSet) : NOTHING;
        level = 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionSetShape(selection.selectionSet);
      } else {
        inner = fragmentShape(selection.name.value);
      }
      total.depth = Math.max(total.depth, level + inner.depth);
      total.aliases += inner.aliases;
      total.directives += inner.directives;
      total.selections += inner.selections;
    }
    return total;
  };

  const largest = { ...NOTHING };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const shape = operationShape(definition, selectionSetShape);
    largest.depth = Math.max(largest.depth, shape.depth);
    largest.aliases = Math.max(largest.aliases, shape.aliases);
    largest.directives = Math.max(largest.directives, shape.directives);
    largest.selections = Math.max(largest.selections, shape.selections);
  }
  const shape = { ...largest, fragments: fragmentDefinitions };
  return fragmentCycle ? { ...shape, fragmentCycle } : shape;
}

function operationShape(operation: OperationDefinitionNode, selectionSetShape: (set: SelectionSetNode) => OperationShape): OperationShape {
  const onVariables = (operation.variableDefinitions ?? []).reduce((sum, variable) => sum + (variable.directives?.length ?? 0), 0);
  const shape = withDirectives(selectionSetShape(operation.selectionSet), operation.directives);
  return { ...shape, directives: shape.directives + onVariables };
}

function withDirectives(shape: OperationShape, directives: readonly DirectiveNode[] | undefined): OperationShape {
  return directives?.length ? { ...shape, directives: shape.directives + directives.length } : shape;
}
