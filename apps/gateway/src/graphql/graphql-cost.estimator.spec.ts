import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  buildSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  parse,
  validate,
} from 'graphql';
import { queryDocumentProblem } from '../http/query-document.limits';
import { operationCost } from './graphql-cost.estimator';
import { GRAPHQL_COST_LIMITS } from './graphql-cost.limits';

/** A small schema of our shapes: root fields, lists in lists, a union, list inputs. */
const fixture = buildSchema(`
  type Query { projects: [Project!]! project(id: ID!): Project! analysis(id: ID!): Analysis! }
  type Mutation { recordDecisions(modelVersionId: ID!, decisions: [DecisionInput!]!): RecordDecisionsResult! }
  type Project { id: ID! name: String! versions: [Version!]! }
  type Version { id: ID! version: Int! tags: [String!]! }
  type Analysis { id: ID! result: Result! }
  union Result = Trend | Paths
  type Trend { series: [Series!]! }
  type Series { index: Int! data: [Float!]! }
  type Paths { dataVersion: String! }
  input DecisionInput { decisionId: String! outcome: String! }
  type RecordDecisionsResult { accepted: Int! duplicates: Int! rejected: [RowRejection!]! auditSeq: Int }
  type RowRejection { index: Int! code: String! message: String! }
`);
/** The committed schema (schema.spec.ts keeps it equal to the running one). */
const schema = buildSchema(readFileSync(join(__dirname, '../../schema.gql'), 'utf8'));
const MODEL = { fieldCost: 1, rootFieldCost: 100, listSize: 10 };

function costOf(text: string, variables: Record<string, unknown> = {}, model = MODEL, on: GraphQLSchema = fixture): number {
  const document = parse(text);
  expect(validate(on, document)).toEqual([]);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return operationCost(on, document, operation as OperationDefinitionNode, variables, model);
}

const FULL_INTROSPECTION = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });

describe('operationCost', () => {
  it('is the field cost plus what is selected inside, times the list size per list level; a root field costs more', () => {
    // projects (root, a list): 100 + 10 × (id + name).
    expect(costOf('{ projects { id name } }')).toBe(100 + 10 * 2);
    // One object: 100 + id + versions (a list) × 10 × (version + tags, a list of scalars: 1).
    expect(costOf('{ project(id: "p") { id versions { version tags } } }')).toBe(100 + 1 + 1 + 10 * 2);
    // Two list levels: projects × versions.
    expect(costOf('{ projects { id versions { id version } } }')).toBe(100 + 10 * (1 + 1 + 10 * 2));
    // Two root fields, two calls.
    expect(costOf('{ a: project(id: "a") { id } b: project(id: "b") { id } }')).toBe(2 * (100 + 1));
  });

  it('counts the most expensive member of a union, and fields skipped by @skip/@include not at all', () => {
    // analysis + id + result + Trend's series × (index + data) beats Paths's dataVersion.
    expect(costOf('{ analysis(id: "a") { id result { ... on Trend { series { index data } } ... on Paths { dataVersion } } } }')).toBe(100 + 1 + 1 + 1 + 10 * 2);
    const skipped = 'query($s: Boolean!) { projects { id name @skip(if: $s) } }';
    expect(costOf(skipped, { s: true })).toBe(100 + 10 * 1);
    expect(costOf(skipped, { s: false })).toBe(100 + 10 * 2);
  });

  it('prices output, not input: 10,000 decisions cost what one does, and list variables are not coerced again', () => {
    const cli = `mutation RecordDecisions($modelVersionId: ID!, $decisions: [DecisionInput!]!) {
      recordDecisions(modelVersionId: $modelVersionId, decisions: $decisions) { accepted duplicates rejected { index code message } auditSeq }
    }`;
    const row = { decisionId: 'd', outcome: 'approve' };
    const one = costOf(cli, { modelVersionId: 'v', decisions: [row] });
    expect(one).toBe(100 + 1 + 1 + (1 + 10 * 3) + 1);
    expect(costOf(cli, { modelVersionId: 'v', decisions: Array.from({ length: 10_000 }, () => row) })).toBe(one);
    // Rows are never looked at: an invalid one does not stop the estimate (Apollo refuses it when executing).
    expect(costOf(cli, { modelVersionId: 'v', decisions: [{ bogus: true }] })).toBe(one);
  });

  it('prices introspection by its fields, without the list factor (graphql-js bounds its nesting)', () => {
    expect(costOf('{ __schema { types { name fields { name type { name } } } } }')).toBe(7);
    expect(costOf('{ __typename }')).toBe(1);
    expect(costOf(FULL_INTROSPECTION)).toBeLessThan(500);
  });

  it('makes thousands of aliases of a root field cost far over the limit', () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: project(id: "p") { id }`).join(' ')} }`;
    // Not validated here: graphql-js's validation overflows the stack on 5,000 aliases (the front door never lets them in).
    const cost = (n: number) => operationCost(fixture, parse(aliases(n)), parse(aliases(n)).definitions[0] as OperationDefinitionNode, {}, GRAPHQL_COST_LIMITS);
    expect(cost(4_000)).toBe(4_000 * 101);
    expect(cost(4_000)).toBeGreaterThan(GRAPHQL_COST_LIMITS.maxCost);
    // Past 10,000 selections graphql-query-complexity stops counting and throws (the plugin refuses that too).
    expect(() => cost(5_000)).toThrow('Query exceeds the maximum allowed number of nodes.');
  });

  it('throws for variables that do not coerce (Apollo refuses those itself)', () => {
    const document = parse('query($p: ID!) { project(id: $p) { id } }');
    expect(() => operationCost(fixture, document, document.definitions[0] as OperationDefinitionNode, {}, MODEL)).toThrow(/^Variable "\$p" of required type "ID!" was not provided/);
  });
});

describe('GRAPHQL_COST_LIMITS against the schema', () => {
  const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ operation: type === schema.getQueryType() ? 'query' : 'mutation', field })),
  );

  it.each(roots.map(({ operation, field }) => [`${operation} ${field.name}`, operation, field] as const))(
    'lets %s with every field selected (every member of a union) through every limit',
    (_name, operation, field) => {
      const text = `${operation} { ${field.name}${argumentsOf(field)}${selectionOf(getNamedType(field.type))} }`;
      expect(queryDocumentProblem(text)).toBeUndefined();
      expect(costOf(text, {}, GRAPHQL_COST_LIMITS, schema)).toBeLessThanOrEqual(GRAPHQL_COST_LIMITS.maxCost);
    },
  );

  it('has its most expensive whole root field within the limit, but not two of them', () => {
    const costs = roots.map(({ operation, field }) => costOf(`${operation} { ${field.name}${argumentsOf(field)}${selectionOf(getNamedType(field.type))} }`, {}, GRAPHQL_COST_LIMITS, schema));
    const highest = Math.max(...costs);
    expect(highest).toBeLessThanOrEqual(GRAPHQL_COST_LIMITS.maxCost);
    expect(2 * highest).toBeGreaterThan(GRAPHQL_COST_LIMITS.maxCost);
  });

  it("prices GraphiQL's full introspection query of our schema far under the limit", () => {
    expect(costOf(FULL_INTROSPECTION, {}, GRAPHQL_COST_LIMITS, schema)).toBeLessThan(500);
  });
});

/**
 * Every field of `type` (fields with required arguments get literal dummies), every member of a union.
 * As a client must, a field of a union member whose name an earlier member used with another type is
 * aliased (`LifecycleResult_buckets: buckets`).
 */
function selectionOf(type: GraphQLNamedType, seen: readonly string[] = []): string {
  if (isUnionType(type)) {
    const taken = new Map<string, string>();
    const members = type.getTypes().map((member) => {
      const fields = Object.values(member.getFields()).map((field) => {
        const alias = taken.has(field.name) && taken.get(field.name) !== String(field.type) ? `${member.name}_${field.name}: ` : '';
        if (!alias) taken.set(field.name, String(field.type));
        return `${alias}${fieldSelection(field, [...seen, member.name])}`;
      });
      return `... on ${member.name} { ${fields.join(' ')} }`;
    });
    return ` { __typename ${members.join(' ')} }`;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  if (seen.includes(type.name)) throw new Error(`the schema has a cycle through ${type.name}: the full selection would not end`);
  const fields = Object.values(type.getFields());
  // A Relay connection lists its nodes twice (`edges { node }` and `nodes`): a client reads one of them.
  const read = fields.some((field) => field.name === 'nodes') ? fields.filter((field) => field.name !== 'edges') : fields;
  return ` { ${read.map((field) => fieldSelection(field, [...seen, type.name])).join(' ')} }`;
}

function fieldSelection(field: GraphQLField<unknown, unknown>, seen: readonly string[]): string {
  return `${field.name}${argumentsOf(field)}${selectionOf(getNamedType(field.type), seen)}`;
}

function argumentsOf(field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  return required.length ? `(${required.map((arg) => `${arg.name}: ${literalOf(arg.type)}`).join(', ')})` : '';
}

function literalOf(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literalOf(type.ofType);
  if (isListType(type)) return `[${literalOf(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0]?.name ?? '';
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((inner) => isNonNullType(inner.type));
    return `{ ${required.map((inner) => `${inner.name}: ${literalOf(inner.type)}`).join(', ')} }`;
  }
  return ['Int', 'Float'].includes(type.name) ? '1' : type.name === 'Boolean' ? 'false' : type.name === 'JSON' ? '{}' : '"x"';
}
