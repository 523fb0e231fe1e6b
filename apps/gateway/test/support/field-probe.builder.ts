import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/** One root field called with the smallest valid arguments, so the call reaches the guard. */
export interface FieldProbe {
  /** `Query.<name>` / `Mutation.<name>`, as in the authorization matrix. */
  field: string;
  document: string;
  variables: Record<string, unknown>;
}

/**
 * A probe per Query and Mutation field of a schema: every required argument gets a valid dummy of
 * its type (ids are one well-formed uuid no row has, `projectId` anywhere is `projectId`), optional
 * ones are left out, and the selection is `__typename` for composite results. GraphQL validation
 * therefore passes and the guard decides; what the resolver does afterwards does not matter to the
 * probe (authorization-matrix.int-spec.ts tells the guard's answers from the resolver's).
 */
export function fieldProbes(schema: GraphQLSchema, projectId: string): FieldProbe[] {
  const probes: FieldProbe[] = [];
  for (const [operation, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values((type as GraphQLObjectType | null | undefined)?.getFields() ?? {})) {
      probes.push(probeOf(operation, (type as GraphQLObjectType).name, field, projectId));
    }
  }
  return probes;
}

function probeOf(operation: 'query' | 'mutation', typeName: string, field: GraphQLField<unknown, unknown>, projectId: string): FieldProbe {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const variables: Record<string, unknown> = {};
  for (const arg of required) variables[arg.name] = dummyOf(arg.type, arg.name, projectId);
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const document = `${operation}${declarations ? `(${declarations})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  return { field: `${typeName}.${field.name}`, document, variables };
}

function dummyOf(type: GraphQLInputType, name: string, projectId: string): unknown {
  if (isNonNullType(type)) return dummyOf(type.ofType, name, projectId);
  if (isListType(type)) return [dummyOf(type.ofType, name, projectId)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const inner of Object.values(type.getFields())) {
      if (isNonNullType(inner.type)) value[inner.name] = dummyOf(inner.type, inner.name, projectId);
    }
    return value;
  }
  if (isScalarType(type)) {
    if (name === 'projectId') return projectId;
    switch (type.name) {
      case 'ID':
        return '00000000-0000-4000-8000-000000000000';
      case 'Int':
        return 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'DateTime':
        return '2026-01-01T00:00:00.000Z';
      case 'JSON':
        return {};
      default:
        return 'x';
    }
  }
  throw new Error(`no dummy for ${String(type)}`);
}
