import { ApolloServer } from '@apollo/server';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { INTROSPECTION_DEPTH_MESSAGE, formatLimitErrors } from './graphql-limit-errors.format';

const typeDefs = 'type Query { project(id: ID!, role: Role): Project } type Project { name: String! owner: String! } enum Role { ADMIN PM } input F { limit: Int }';

async function errorsOf(options: { introspection?: boolean; format?: boolean }, query: string, variables?: Record<string, unknown>) {
  const apollo = new ApolloServer({
    typeDefs: `${typeDefs} extend type Query { filtered(f: F): Int }`,
    introspection: options.introspection ?? true,
    ...(options.format !== false && { formatError: formatLimitErrors }),
  });
  const response = await apollo.executeOperation({ query, variables });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status, errors: response.body.singleResult.errors ?? [] };
}

describe('formatLimitErrors', () => {
  it.each([
    { name: 'a misspelled field', query: '{ project(id: "1") { nmae } }' },
    { name: 'a misspelled argument', query: '{ project(id: "1", rol: PM) { name } }' },
    { name: 'a misspelled enum value', query: '{ project(id: "1", role: ADMN) { name } }' },
    { name: 'a misspelled input field in a variable (found while executing)', query: 'query($f: F) { filtered(f: $f) }', variables: { f: { limt: 1 } } },
  ])('never suggests schema names ("Did you mean …") for $name', async ({ query, variables }) => {
    // Without it, graphql-js suggests (so the case can fail).
    const bare = await errorsOf({ format: false }, query, variables);
    expect(bare.errors.map((error) => error.message).join('\n')).toMatch(/Did you mean (the enum value )?"(name|role|ADMIN|limit)"\?/);
    const { errors } = await errorsOf({}, query, variables);
    expect(errors).toHaveLength(bare.errors.length);
    for (const error of errors) expect(error.message).not.toMatch(/Did you mean/);
  });

  it('removes every form graphql-js writes', () => {
    for (const suggestion of [' Did you mean "name"?', ' Did you mean "a" or "b"?', ' Did you mean "a", "b", or "c"?', ' Did you mean the enum value "ADMIN"?']) {
      expect(formatLimitErrors({ message: `Cannot query field "nmae" on type "Project".${suggestion}` }).message).toBe('Cannot query field "nmae" on type "Project".');
    }
    const plain = { message: 'Cannot query field "x" on type "Project".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(formatLimitErrors(plain)).toBe(plain);
  });

  it('answers introspection, when switched off, with INTROSPECTION_DISABLED (400) instead of Apollo\'s message', async () => {
    const { status, errors } = await errorsOf({ introspection: false }, '{ __schema { types { name } } }');
    expect(status).toBe(400);
    expect(errors).toEqual([
      {
        message: 'Introspection (__schema, __type) is switched off on this gateway (FULCRUM_GRAPHQL_INTROSPECTION=false)',
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'INTROSPECTION_DISABLED', domainCode: 'INTROSPECTION_DISABLED' },
      },
    ]);
    expect((await errorsOf({ introspection: false }, '{ __typename }')).errors).toEqual([]);
  });

  it('answers deep introspection (graphql-js refuses it) with QUERY_TOO_COMPLEX', async () => {
    const deep = '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }';
    // The message graphql-js's MaxIntrospectionDepthRule reports: pinned here, so an upgrade that changes it fails this test.
    expect(validate(buildSchema(typeDefs), parse(deep), specifiedRules).map((error) => error.message)).toEqual([INTROSPECTION_DEPTH_MESSAGE]);
    const { status, errors } = await errorsOf({}, deep);
    expect(status).toBe(400);
    expect(errors[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', domainCode: 'QUERY_TOO_COMPLEX', details: { limit: 'introspectionDepth', max: 3 } });
  });
});
