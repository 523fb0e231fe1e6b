import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { type RunningGateway } from '../src/gateway.bootstrap';
import { type GatewayUnderTest, startGatewayUnderTest } from './support/gateway-under-test';
import { printGatewaySchema } from '../src/schema/schema.printer';

const ADMIN_TOKEN = 'ful_test_admin_token_0123456789abcdef';

describe('gateway (real nats-server, embedded PostgreSQL)', () => {
  let gateway: RunningGateway;
  let harness: GatewayUnderTest;

  async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
  }

  beforeAll(async () => {
    harness = await startGatewayUnderTest({ bootstrapAdminToken: ADMIN_TOKEN });
    gateway = harness.gateway;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('serves exactly the committed schema', () => {
    const running = gateway.app.get(GraphQLSchemaHost).schema;
    return printGatewaySchema().then((committedShape) => expect(`${printSchema(lexicographicSortSchema(running))}\n`).toBe(committedShape));
  });

  it('refuses missing and wrong tokens with UNAUTHENTICATED', async () => {
    for (const token of [undefined, 'ful_wrong']) {
      const res = await gql('{ projects { nodes { id } } }', {}, token);
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions['code']).toBe('UNAUTHENTICATED');
    }
  });

  it('lets the admin create tokens; a token narrowed to a role may not create projects', async () => {
    const created = await gql('mutation { createApiToken(name: "Pat", roles: [PM]) { id name roles token } }', {}, ADMIN_TOKEN);
    expect(created.errors).toBeUndefined();
    const pm = created.data?.['createApiToken'] as { roles: string[]; token: string };
    expect(pm.roles).toEqual(['PM']);
    expect(pm.token).toMatch(/^ful_/);
    const forbidden = await gql('mutation { createProject(name: "x") { writeKey } }', {}, pm.token);
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', domainCode: 'FORBIDDEN' });
    const blank = await gql('mutation { createApiToken(name: " ") { id } }', {}, ADMIN_TOKEN);
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'name' } });
  });

  it('reports a missing service as SERVICE_UNAVAILABLE, not as an internal error', async () => {
    const res = await gql('{ projects { nodes { id } } }', {}, ADMIN_TOKEN);
    expect(res.errors?.[0]?.extensions['code']).toBe('SERVICE_UNAVAILABLE');
  });

  it('serves GraphiQL offline and sends browsers from /graphql to it', async () => {
    const redirect = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/graphiql');
    const page = await (await fetch(`${gateway.url}/graphiql`)).text();
    expect(page).toContain('/graphiql/assets/graphiql.min.js');
    expect(page).not.toMatch(/https?:\/\//);
    // Every asset the page references is served (React's UMD builds sit behind its `exports` map).
    const assets = [...page.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.sort()).toEqual(
      ['graphiql.min.css', 'graphiql.min.js', 'react-dom.production.min.js', 'react.production.min.js'].map((f) => `/graphiql/assets/${f}`),
    );
    for (const path of assets) {
      const asset = await fetch(`${gateway.url}${path}`);
      expect([path, asset.status]).toEqual([path, 200]);
      expect((await asset.text()).length).toBeGreaterThan(5_000);
    }
    expect((await fetch(`${gateway.url}/graphiql/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});
