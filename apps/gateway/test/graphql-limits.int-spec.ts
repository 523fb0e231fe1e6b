import { GraphQLSchemaHost } from '@nestjs/graphql';
import { type GraphQLInputType, type GraphQLSchema, getIntrospectionQuery, isEnumType, isInputObjectType, isListType, isNonNullType } from 'graphql';
import { JSONCodec, type NatsConnection } from 'nats';
import { RPC } from '@fulcrum/contracts';
import { type RunningGateway } from '../src/gateway.bootstrap';
import { type GatewayUnderTest, startGatewayUnderTest } from './support/gateway-under-test';
import { GRAPHQL_COST_LIMITS } from '../src/graphql/graphql-cost.limits';

const ADMIN_TOKEN = 'ful_test_admin_token_graphql_limits_0123456789';
const PROJECT_ID = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

interface GraphqlAnswer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function post(url: string, body: unknown, token?: string): Promise<GraphqlAnswer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as Omit<GraphqlAnswer, 'status'>) };
}

/** A refusal before anything ran: one coded error, no `data`. */
function refusal(answer: GraphqlAnswer): Record<string, unknown> {
  expect(answer.data).toBeUndefined();
  expect(answer.errors).toHaveLength(1);
  // Every refusal names the request it refused (the request envelope); the rest is the limit's own.
  const { requestId, ...extensions } = answer.errors?.[0]?.extensions ?? {};
  expect(requestId).toEqual(expect.any(String));
  return extensions;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * Every request a backend service would get (`analytics.*`, `governance.*`, `ingest.*`), so a test
 * can tell that no resolver ran. The one `answer`ed subject gets a reply in the shape of Nest's NATS
 * transport.
 */
class BackendSpy {
  readonly subjects: string[] = [];
  readonly payloads: Array<Record<string, unknown>> = [];
  private readonly codec = JSONCodec<{ id: string; data: Record<string, unknown> }>();
  private answers = new Map<string, (data: Record<string, unknown>) => unknown>();

  constructor(private readonly nc: NatsConnection) {
    for (const pattern of ['analytics.>', 'governance.>', 'ingest.>']) {
      const sub = nc.subscribe(pattern);
      void (async () => {
        for await (const msg of sub) {
          const packet = this.codec.decode(msg.data);
          this.subjects.push(msg.subject);
          this.payloads.push(packet.data);
          const answer = this.answers.get(msg.subject);
          if (answer) msg.respond(JSONCodec().encode({ id: packet.id, response: answer(packet.data), isDisposed: true }));
        }
      })();
    }
  }

  answer(subject: string, reply: (data: Record<string, unknown>) => unknown): void {
    this.answers.set(subject, reply);
  }

  reset(): void {
    this.subjects.length = 0;
    this.payloads.length = 0;
  }
}

describe('GraphQL limits (real nats-server and gateway)', () => {
  let gateway: RunningGateway;
  let harness: GatewayUnderTest;
  let nc: NatsConnection;
  let backends: BackendSpy;

  beforeAll(async () => {
    harness = await startGatewayUnderTest({ bootstrapAdminToken: ADMIN_TOKEN });
    gateway = harness.gateway;
    nc = harness.nc;
    backends = new BackendSpy(nc);
    await nc.flush();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  beforeEach(() => backends.reset());

  describe('refused before any resolver runs, with a coded error', () => {
    afterEach(async () => {
      await nc.flush();
      expect(backends.subjects).toEqual([]);
    });

    it('5,000 aliases of eventCatalog: too large to parse (413 QUERY_TOO_LARGE), with or without a token', async () => {
      const query = `query($p: ID!) { ${range(5_000).map((i) => `a${i}: eventCatalog(projectId: $p) { totalEvents }`).join(' ')} }`;
      for (const token of [ADMIN_TOKEN, undefined]) {
        const answer = await post(gateway.url, { query, variables: { p: PROJECT_ID } }, token);
        expect(answer.status).toBe(413);
        expect(refusal(answer)).toMatchObject({ code: 'QUERY_TOO_LARGE', domainCode: 'QUERY_TOO_LARGE', details: { limit: 'length' } });
      }
    });

    it(`aliases past the limit (${GRAPHQL_COST_LIMITS.maxAliases + 1} of eventCatalog, small enough to parse): 400 QUERY_TOO_COMPLEX`, async () => {
      const aliases = GRAPHQL_COST_LIMITS.maxAliases + 1;
      const query = `query($p: ID!) { ${range(aliases).map((i) => `a${i}: eventCatalog(projectId: $p) { totalEvents }`).join(' ')} }`;
      const answer = await post(gateway.url, { query, variables: { p: PROJECT_ID } }, ADMIN_TOKEN);
      expect(answer.status).toBe(400);
      expect(refusal(answer)).toEqual({
        code: 'QUERY_TOO_COMPLEX',
        domainCode: 'QUERY_TOO_COMPLEX',
        details: { limit: 'aliases', max: GRAPHQL_COST_LIMITS.maxAliases, actual: aliases },
      });
    });

    it('100,000 aliases of __typename without a token: 413 QUERY_TOO_LARGE', async () => {
      const answer = await post(gateway.url, { query: `{ ${range(100_000).map((i) => `a${i}: __typename`).join(' ')} }` });
      expect(answer.status).toBe(413);
      expect(refusal(answer)).toMatchObject({ code: 'QUERY_TOO_LARGE', details: { limit: 'length', max: 65_536 } });
    });

    it('the same field repeated (field duplication, no alias) past the selections limit: 400 QUERY_TOO_COMPLEX', async () => {
      const answer = await post(gateway.url, { query: `{ ${'__typename '.repeat(4_000)}}` });
      expect(answer.status).toBe(400);
      expect(refusal(answer)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', details: { limit: 'selections', max: GRAPHQL_COST_LIMITS.maxSelections, actual: 4_000 } });
    });

    it(`more than ${GRAPHQL_COST_LIMITS.maxFragments} fragments (each pair of them costs validation work): 400 QUERY_TOO_COMPLEX`, async () => {
      const count = GRAPHQL_COST_LIMITS.maxFragments + 1;
      const query = `{ ${range(count).map((i) => `...F${i}`).join(' ')} } ${range(count).map((i) => `fragment F${i} on Query { __typename }`).join(' ')}`;
      const answer = await post(gateway.url, { query });
      expect(answer.status).toBe(400);
      expect(refusal(answer)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', details: { limit: 'fragments', max: GRAPHQL_COST_LIMITS.maxFragments, actual: count } });
    });

    it('nesting past the depth limit (a deep ofType chain): 413 QUERY_TOO_LARGE', async () => {
      const query = `{ __type(name: "Query") { ${'ofType { '.repeat(40)}name${' }'.repeat(40)} } }`;
      const answer = await post(gateway.url, { query });
      expect(answer.status).toBe(413);
      expect(refusal(answer)).toMatchObject({ code: 'QUERY_TOO_LARGE', details: { limit: 'depth', max: 32, actual: 42 } });
    });

    it('deep introspection (types → fields → type → fields …): 400 QUERY_TOO_COMPLEX', async () => {
      const answer = await post(gateway.url, { query: '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }' });
      expect(answer.status).toBe(400);
      expect(refusal(answer)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', domainCode: 'QUERY_TOO_COMPLEX', details: { limit: 'introspectionDepth' } });
    });

    it('an estimated cost over the limit (15 aliases, each listing retention cohorts inside breakdowns): 400 QUERY_TOO_COMPLEX', async () => {
      const schema = gateway.app.get(GraphQLSchemaHost).schema;
      const retention = 'fragment R on RetentionResult { cohorts { cohort size values { period persons percentage } } breakdowns { cohorts { cohort size values { period persons percentage } } } }';
      const calls = range(GRAPHQL_COST_LIMITS.maxAliases).map((i) => rootCall(schema, 'query', 'analysis', '{ result { ...R } }', {}, `a${i}`));
      const answer = await post(gateway.url, operationOf('query', calls, retention), ADMIN_TOKEN);
      expect(answer.status).toBe(400);
      const extensions = refusal(answer);
      expect(extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', domainCode: 'QUERY_TOO_COMPLEX', details: { limit: 'cost', max: GRAPHQL_COST_LIMITS.maxCost } });
      expect((extensions['details'] as { actual: number }).actual).toBeGreaterThan(GRAPHQL_COST_LIMITS.maxCost);
    });

    it.each([
      ['1,000 directives: too large to parse (413 QUERY_TOO_LARGE)', 1_000, 413, { code: 'QUERY_TOO_LARGE', details: { limit: 'tokens' } }],
      [
        `${GRAPHQL_COST_LIMITS.maxDirectives + 1} directives: 400 QUERY_TOO_COMPLEX`,
        GRAPHQL_COST_LIMITS.maxDirectives + 1,
        400,
        { code: 'QUERY_TOO_COMPLEX', details: { limit: 'directives', max: GRAPHQL_COST_LIMITS.maxDirectives, actual: GRAPHQL_COST_LIMITS.maxDirectives + 1 } },
      ],
    ])('a directive flood, %s', async (_name, count, status, extensions) => {
      const answer = await post(gateway.url, { query: `{ __typename ${'@include(if: true) '.repeat(count)}}` });
      expect(answer.status).toBe(status);
      expect(refusal(answer)).toMatchObject(extensions);
    });

    it('circular fragments: 400 QUERY_TOO_COMPLEX naming the cycle', async () => {
      const answer = await post(gateway.url, { query: '{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }' });
      expect(answer.status).toBe(400);
      expect(refusal(answer)).toEqual({ code: 'QUERY_TOO_COMPLEX', domainCode: 'QUERY_TOO_COMPLEX', details: { limit: 'fragmentCycle', cycle: ['A', 'B', 'A'] } });
    });

    it('a batch (a JSON array body), even of harmless operations: 400 QUERY_TOO_COMPLEX', async () => {
      const answer = await post(gateway.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: 'query($p: ID!) { eventCatalog(projectId: $p) { totalEvents } }', variables: { p: PROJECT_ID } }], ADMIN_TOKEN);
      expect(answer.status).toBe(400);
      expect(refusal(answer)).toEqual({ code: 'QUERY_TOO_COMPLEX', domainCode: 'QUERY_TOO_COMPLEX', details: { limit: 'operations', max: 1, actual: 3 } });
    });

    it('a misspelled field: Apollo refuses it, without suggesting the real names', async () => {
      const answer = await post(gateway.url, { query: '{ projectz { id } eventCatalgo(projectId: "x") { totalEvents } }' });
      expect(answer.status).toBe(400);
      expect(answer.errors?.map((error) => error.extensions?.['code'])).toEqual(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
      expect(answer.errors?.map((error) => error.message)).toEqual(['Cannot query field "projectz" on type "Query".', 'Cannot query field "eventCatalgo" on type "Query".']);
    });
  });

  describe('passed', () => {
    it("GraphiQL's full introspection query (introspection is on by default)", async () => {
      const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
      const answer = await post(gateway.url, { query, operationName: 'IntrospectionQuery' });
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.['__schema']).toMatchObject({ queryType: { name: 'Query' }, mutationType: { name: 'Mutation' } });
    });

    it('an operation at the shape limits: 15 aliases, 50 directives', async () => {
      // Two directives on each alias, one on each of 20 repeats of the same field: 50.
      const aliases = range(GRAPHQL_COST_LIMITS.maxAliases).map((i) => `a${i}: __typename @include(if: true) @skip(if: false)`);
      const repeats = range(GRAPHQL_COST_LIMITS.maxDirectives - 2 * GRAPHQL_COST_LIMITS.maxAliases).map(() => '__typename @include(if: true)');
      const answer = await post(gateway.url, { query: `{ ${[...aliases, ...repeats].join(' ')} }` });
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ __typename: 'Query', ...Object.fromEntries(range(GRAPHQL_COST_LIMITS.maxAliases).map((i) => [`a${i}`, 'Query'])) });
    });

    it('a realistic operation reaches its resolver and answers', async () => {
      const rule = { id: 'four-fifths', title: 'Four-fifths rule', citation: '29 CFR 1607.4(D)', checks: 'Selection rates per group.' };
      backends.answer(RPC.governanceRulesList, () => ({ rules: [rule] }));
      const answer = await post(gateway.url, { query: 'query Rules { rules { id title citation checks } }', operationName: 'Rules' }, ADMIN_TOKEN);
      expect(answer).toEqual({ status: 200, data: { rules: [rule] } });
      expect(backends.subjects).toEqual([RPC.governanceRulesList]);
    });

    it('recordDecisions with 10,000 decisions (the CLI sends such batches) reaches its resolver: cost is about the output, not the input', async () => {
      backends.answer(RPC.governanceDecisionsRecord, (data) => ({ accepted: (data['decisions'] as unknown[]).length, duplicates: 0, rejected: [], auditSeq: 7 }));
      const schema = gateway.app.get(GraphQLSchemaHost).schema;
      const decisions = range(10_000).map((i) => ({ decisionId: `d-${i}`, occurredAt: '2026-03-01T09:30:00Z', outcome: 'approve', purpose: 'credit', subjectRef: `s-${i}`, score: 0.5 }));
      const call = rootCall(schema, 'mutation', 'recordDecisions', '{ accepted duplicates rejected { index code message } auditSeq }', { decisions });
      const answer = await post(gateway.url, operationOf('mutation', [call]), ADMIN_TOKEN);
      // Past the limits, execution started: any error now comes from the field (here the project
      // check of the authorization matrix: the admin is no member of this made-up project).
      for (const error of answer.errors ?? []) {
        expect(error.extensions?.['code']).not.toMatch(/^QUERY_TOO_/);
        expect((error as { path?: unknown[] }).path).toEqual(['recordDecisions']);
      }
      if (answer.data?.['recordDecisions']) {
        expect(answer.data).toEqual({ recordDecisions: { accepted: 10_000, duplicates: 0, rejected: [], auditSeq: 7 } });
        expect((backends.payloads[0]?.['decisions'] as unknown[]).length).toBe(10_000);
      }
      expect(answer.status).toBe(200);
    });
  });

  describe('with FULCRUM_GRAPHQL_INTROSPECTION=false', () => {
    let closed: RunningGateway;

    beforeAll(async () => {
      // Closed by the harness with the other gateway.
      closed = await harness.startAnother({ graphqlIntrospection: false });
    });

    it.each([
      ['__schema', '{ __schema { queryType { name } } }'],
      ['__type', '{ __type(name: "Query") { name } }'],
      ["GraphiQL's introspection query", getIntrospectionQuery()],
    ])('refuses %s with 400 INTROSPECTION_DISABLED', async (_name, query) => {
      const answer = await post(closed.url, { query });
      expect(answer.status).toBe(400);
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.length).toBeGreaterThan(0);
      for (const error of answer.errors ?? []) {
        expect(error.extensions).toMatchObject({ code: 'INTROSPECTION_DISABLED', domainCode: 'INTROSPECTION_DISABLED' });
        expect(error.message).toMatch(/FULCRUM_GRAPHQL_INTROSPECTION=false/);
      }
    });

    it('still answers __typename, and GraphiQL still loads', async () => {
      expect(await post(closed.url, { query: '{ __typename }' })).toEqual({ status: 200, data: { __typename: 'Query' } });
      const page = await fetch(`${closed.url}/graphiql`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('/graphiql/assets/graphiql.min.js');
    });
  });
});

/**
 * A call of the root field `name` as the running schema declares it: every required argument becomes
 * a variable, from `values` by name or else a dummy of its type (the authorization refactor adds
 * `projectId` to fields; the limits do not care which arguments there are).
 */
function rootCall(
  schema: GraphQLSchema,
  operation: 'query' | 'mutation',
  name: string,
  selection: string,
  values: Record<string, unknown> = {},
  alias = '',
): { declarations: string[]; call: string; variables: Record<string, unknown> } {
  const field = (operation === 'query' ? schema.getQueryType() : schema.getMutationType())?.getFields()[name];
  if (!field) throw new Error(`no ${operation} field ${name}`);
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const variable = (arg: { name: string }) => `${alias}${arg.name}`;
  return {
    declarations: required.map((arg) => `$${variable(arg)}: ${String(arg.type)}`),
    call: `${alias ? `${alias}: ` : ''}${name}${required.length ? `(${required.map((arg) => `${arg.name}: $${variable(arg)}`).join(', ')})` : ''} ${selection}`,
    variables: Object.fromEntries(required.map((arg) => [variable(arg), arg.name in values ? values[arg.name] : dummyOf(arg.type)])),
  };
}

function operationOf(operation: 'query' | 'mutation', calls: Array<ReturnType<typeof rootCall>>, fragments = ''): { query: string; variables: Record<string, unknown> } {
  const declarations = calls.flatMap((call) => call.declarations);
  return {
    query: `${operation}${declarations.length ? `(${declarations.join(', ')})` : ''} { ${calls.map((call) => call.call).join(' ')} } ${fragments}`,
    variables: Object.assign({}, ...calls.map((call) => call.variables)) as Record<string, unknown>,
  };
}

function dummyOf(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummyOf(type.ofType);
  if (isListType(type)) return [dummyOf(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((inner) => isNonNullType(inner.type)).map((inner) => [inner.name, dummyOf(inner.type)]));
  }
  return { Int: 1, Float: 1, Boolean: false, JSON: {}, DateTime: '2026-01-01T00:00:00.000Z' }[type.name] ?? PROJECT_ID;
}
