import { loadGatewayConfig } from './gateway.env';

describe('loadGatewayConfig: HTTP receive limits', () => {
  it('defaults to 30 s for a whole request and 10 s for its headers', () => {
    expect(loadGatewayConfig({})).toMatchObject({ httpRequestTimeoutMs: 30_000, httpHeadersTimeoutMs: 10_000 });
  });

  it('reads both from the environment', () => {
    const config = loadGatewayConfig({ FULCRUM_GATEWAY_HTTP_REQUEST_TIMEOUT_MS: '60000', FULCRUM_GATEWAY_HTTP_HEADERS_TIMEOUT_MS: '5000' });
    expect(config).toMatchObject({ httpRequestTimeoutMs: 60_000, httpHeadersTimeoutMs: 5_000 });
  });

  it.each([
    [{ FULCRUM_GATEWAY_HTTP_REQUEST_TIMEOUT_MS: '0' }, /FULCRUM_GATEWAY_HTTP_REQUEST_TIMEOUT_MS must be a positive integer, got "0"/],
    [{ FULCRUM_GATEWAY_HTTP_HEADERS_TIMEOUT_MS: '10s' }, /FULCRUM_GATEWAY_HTTP_HEADERS_TIMEOUT_MS must be a positive integer, got "10s"/],
    // The default headers limit (10 s) above a shorter request limit would never apply.
    [{ FULCRUM_GATEWAY_HTTP_REQUEST_TIMEOUT_MS: '5000' }, /FULCRUM_GATEWAY_HTTP_HEADERS_TIMEOUT_MS \(10000\) must not exceed FULCRUM_GATEWAY_HTTP_REQUEST_TIMEOUT_MS \(5000\)/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });
});

describe('loadGatewayConfig: GraphQL introspection', () => {
  it('answers introspection unless FULCRUM_GRAPHQL_INTROSPECTION is false', () => {
    expect(loadGatewayConfig({}).graphqlIntrospection).toBe(true);
    expect(loadGatewayConfig({ FULCRUM_GRAPHQL_INTROSPECTION: '' }).graphqlIntrospection).toBe(true);
    expect(loadGatewayConfig({ FULCRUM_GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection).toBe(true);
    expect(loadGatewayConfig({ FULCRUM_GRAPHQL_INTROSPECTION: 'false' }).graphqlIntrospection).toBe(false);
  });

  it.each(['0', 'no', 'False', 'off'])('refuses FULCRUM_GRAPHQL_INTROSPECTION=%s, naming the variable', (value) => {
    expect(() => loadGatewayConfig({ FULCRUM_GRAPHQL_INTROSPECTION: value })).toThrow(`FULCRUM_GRAPHQL_INTROSPECTION must be true or false, got "${value}"`);
  });
});
