import { ApolloServer } from '@apollo/server';
import { graphqlCostPlugin } from './graphql-cost.plugin';
import { GRAPHQL_COST_LIMITS } from './graphql-cost.limits';

const typeDefs = `
  type Query { items(first: Int): [Item!]! one: Item! }
  type Item { id: ID! tags: [String!]! children: [Item!]! }
  input Row { id: ID! }
  type Mutation { record(rows: [Row!]!): Int! }
`;

/** A real Apollo Server with the plugin and resolvers that count their calls. */
function server(maxCost: number) {
  const calls: string[] = [];
  const item = { id: '1', tags: ['a'], children: [] };
  const apollo = new ApolloServer({
    typeDefs,
    resolvers: {
      Query: { items: () => (calls.push('items'), [item]), one: () => (calls.push('one'), item) },
      Mutation: { record: (_: unknown, args: { rows: unknown[] }) => (calls.push('record'), args.rows.length) },
    },
    plugins: [graphqlCostPlugin({ ...GRAPHQL_COST_LIMITS, maxCost })],
  });
  return { apollo, calls };
}

async function run(apollo: ApolloServer, query: string, variables?: Record<string, unknown>) {
  const response = await apollo.executeOperation({ query, variables });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status, ...response.body.singleResult };
}

describe('graphqlCostPlugin', () => {
  it('refuses an operation over the cost limit with QUERY_TOO_COMPLEX (400), before any resolver runs', async () => {
    const { apollo, calls } = server(200);
    // items: 100 + 10 × (id + children: 1 + 10 × id) = 220.
    const res = await run(apollo, '{ items { id children { id } } }');
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      {
        message: "The operation's estimated cost is 220; at most 200 is executed. Select fewer fields inside lists, or split the operation",
        extensions: { code: 'QUERY_TOO_COMPLEX', domainCode: 'QUERY_TOO_COMPLEX', details: { limit: 'cost', max: 200, actual: 220 } },
      },
    ]);
    expect(calls).toEqual([]);
  });

  it('prices only the operation that runs', async () => {
    const { apollo, calls } = server(200);
    const document = 'query Cheap { one { id } } query Dear { items { id children { id } } }';
    const cheap = await apollo.executeOperation({ query: document, operationName: 'Cheap' });
    expect(cheap.body.kind === 'single' && cheap.body.singleResult).toMatchObject({ data: { one: { id: '1' } } });
    const dear = await apollo.executeOperation({ query: document, operationName: 'Dear' });
    expect(dear.body.kind === 'single' && dear.body.singleResult.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', details: { actual: 220 } });
    expect(calls).toEqual(['one']);
  });

  it('lets @skip with a variable take a field out of the estimate', async () => {
    const { apollo } = server(200);
    const query = 'query($s: Boolean!) { items { id children @skip(if: $s) { id } } }';
    expect((await run(apollo, query, { s: true })).data).toEqual({ items: [{ id: '1' }] });
    expect((await run(apollo, query, { s: false })).errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
  });

  it('prices output, not input: 10,000 rows in a variable run', async () => {
    const { apollo } = server(200);
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: String(i) }));
    expect((await run(apollo, 'mutation($r: [Row!]!) { record(rows: $r) }', { r: rows })).data).toEqual({ record: 10_000 });
  });

  it("leaves variables that do not coerce to Apollo's own answer", async () => {
    const { apollo, calls } = server(200);
    const res = await run(apollo, 'mutation($r: [Row!]!) { record(rows: $r) }', {});
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Variable "\$r" of required type "\[Row!\]!" was not provided/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(calls).toEqual([]);
  });
});
