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
