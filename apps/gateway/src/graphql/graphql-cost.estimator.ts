import {
  type DocumentNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type TypeNode,
  getNullableType,
  isListType,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import type { GraphqlCostLimits } from './graphql-cost.limits';

export type CostModel = Pick<GraphqlCostLimits, 'fieldCost' | 'rootFieldCost' | 'listSize'>;

/**
 * The cost of a field, for graphql-query-complexity: `fieldCost` (`rootFieldCost` on Query and
 * Mutation), plus what is selected inside it, `listSize` times per list level of its type. The cost
 * prices the output an operation asks for; arguments (a list of 10,000 decisions) do not count.
 *
 * Introspection fields (`__schema`, `__type`, `__typename` and everything under them) cost `fieldCost`
 * each, without the list factor: they are answered from the schema in memory, and how deep their
 * lists may nest is bounded by graphql-js's own MaxIntrospectionDepthRule (three levels).
 */
export function costEstimator(schema: GraphQLSchema, model: CostModel): ComplexityEstimator {
  const roots = new Set<unknown>([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  return ({ type, field, childComplexity }) => {
    if (field.name.startsWith('__') || type.name.startsWith('__')) return model.fieldCost + childComplexity;
    const own = roots.has(type) ? model.rootFieldCost : model.fieldCost;
    return own + model.listSize ** listLevels(field.type) * childComplexity;
  };
}

/** `[[T!]!]` is 2. */
function listLevels(type: GraphQLOutputType): number {
  let levels = 0;
  for (let inner = getNullableType(type); isListType(inner); inner = getNullableType(inner.ofType)) levels += 1;
  return levels;
}

/**
 * The cost of `operation` (one operation of a validated `document`) with the request's `variables`,
 * which decide `@include`/`@skip`. graphql-query-complexity coerces the variables the operation
 * declares; a variable of list type is given as `[]` (always a valid value of a list type): the model
 * never looks into arguments, and coercing 10,000 `recordDecisions` rows a second time (Apollo does it
 * for execution) would cost about 100 ms for nothing.
 *
 * Throws what graphql-query-complexity throws: a GraphQLError for variables that do not coerce (Apollo
 * then refuses the request itself, without running a resolver) or for an operation of more than
 * `maxQueryNodes` selections.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  model: CostModel,
): number {
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return getComplexity({
    schema,
    // The one operation, so the others' variables and names are not involved.
    query: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
    variables: withoutListValues(operation, variables ?? {}),
    estimators: [costEstimator(schema, model)],
  });
}

function withoutListValues(operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (isListTypeNode(definition.type) && Array.isArray(values[name])) values[name] = [];
  }
  return values;
}

function isListTypeNode(type: TypeNode): boolean {
  return type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && type.type.kind === Kind.LIST_TYPE);
}
