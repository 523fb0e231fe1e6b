import { connect } from 'node:net';
import { GATEWAY_BODY_LIMIT_BYTES, type RunningGateway } from '../src/gateway.bootstrap';
import { type GatewayUnderTest, startGatewayUnderTest } from './support/gateway-under-test';

/** Short receive limits, so the slow-client cases take seconds (the defaults are 30 s and 10 s). */
const REQUEST_TIMEOUT_MS = 3_000;
const HEADERS_TIMEOUT_MS = 1_000;
/** How long a raw exchange waits for the server to answer and close before it gives up (no answer = a failed test). */
const GIVE_UP_MS = 20_000;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** From the first byte sent to the connection's end. */
  elapsedMs: number;
}

/**
 * One raw HTTP/1.1 exchange over a TCP socket: `write` sends what it likes (headers only, half a
 * body, …), then this waits until the server closes the connection. Every request asks for
 * `Connection: close`, so an answer always ends with the socket. No answer within GIVE_UP_MS → status 0.
 */
function exchange(port: number, write: (send: (data: string | Buffer) => Promise<void>) => Promise<void>): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const started = Date.now();
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer (we may still be sending) is expected
    const giveUp = setTimeout(() => socket.destroy(), GIVE_UP_MS);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ ...parseResponse(Buffer.concat(received).toString('utf8')), elapsedMs: Date.now() - started });
    });
    const send = (data: string | Buffer) =>
      new Promise<void>((done) => {
        if (socket.destroyed) return done();
        socket.write(data, () => done());
      });
    socket.on('connect', () => void write(send));
  });
}

function parseResponse(raw: string): Omit<RawResponse, 'elapsedMs'> {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: {}, body: raw };
  const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine?.split(' ')[1]), headers, body: raw.slice(split + 4) };
}

function request(head: { method?: string; path?: string; headers: Record<string, string | number | undefined> }): string {
  const lines = [`${head.method ?? 'POST'} ${head.path ?? '/graphql'} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(head.headers)) if (value !== undefined) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A whole request in one write. */
function post(port: number, contentType: string | undefined, body: string | Buffer): Promise<RawResponse> {
  return exchange(port, (send) => send(Buffer.concat([Buffer.from(request({ headers: { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } })), Buffer.from(body)])));
}

/** Our coded body `{ error: { code, message, details? } }`. */
function codedError(response: RawResponse): { code: string; message: string; details?: Record<string, unknown> } {
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return (JSON.parse(response.body) as { error: { code: string; message: string; details?: Record<string, unknown> } }).error;
}

const TYPENAME_QUERY = JSON.stringify({ query: '{ __typename }' });

describe('gateway HTTP front door (raw HTTP against the real gateway)', () => {
  let gateway: RunningGateway;
  let harness: GatewayUnderTest;
  let port: number;

  beforeAll(async () => {
    harness = await startGatewayUnderTest({ httpRequestTimeoutMs: REQUEST_TIMEOUT_MS, httpHeadersTimeoutMs: HEADERS_TIMEOUT_MS });
    gateway = harness.gateway;
    port = Number(new URL(gateway.url).port);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('still answers a normal GraphQL query', async () => {
    const res = await post(port, 'application/json; charset=utf-8', TYPENAME_QUERY);
    expect([res.status, JSON.parse(res.body)]).toEqual([200, { data: { __typename: 'Query' } }]);
  });

  it.each([
    ['application/xml', '<query>{ __typename }</query>', /application\/xml is not read here/],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--', /multipart\/form-data is not read here/],
    ['text/plain', TYPENAME_QUERY, /text\/plain is not read here/],
    ['application/x-www-form-urlencoded', 'query=%7B__typename%7D', /x-www-form-urlencoded is not read here/],
    ['x', TYPENAME_QUERY, /"x" is malformed/],
    [';', TYPENAME_QUERY, /";" is malformed/],
    ['application/', TYPENAME_QUERY, /is malformed/],
    ['/json; charset=utf-8', TYPENAME_QUERY, /is malformed/],
    [undefined, TYPENAME_QUERY, /needs Content-Type: application\/json/],
  ])('answers Content-Type %s with 415 UNSUPPORTED_MEDIA_TYPE in our shape', async (contentType, body, message) => {
    const res = await post(port, contentType, body);
    expect(res.status).toBe(415);
    const error = codedError(res);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { accepted: ['application/json'] } });
    expect(error.message).toMatch(message);
  });

  it('answers a body over the limit, announced by Content-Length, with 413 BODY_TOO_LARGE before reading it', async () => {
    const size = GATEWAY_BODY_LIMIT_BYTES + 1;
    const res = await exchange(port, async (send) => {
      await send(request({ headers: { 'Content-Type': 'application/json', 'Content-Length': size } }));
      await send(`{"query":"{ __typename }","variables":{"pad":"${'a'.repeat(64 * 1024)}`); // then nothing more
    });
    expect(res.status).toBe(413);
    expect(codedError(res)).toMatchObject({ code: 'BODY_TOO_LARGE', details: { limitBytes: 6 * 1024 * 1024, sizeBytes: size } });
  });

  it('answers a chunked body with 413 BODY_TOO_LARGE as soon as it passes the limit', async () => {
    const chunk = 'a'.repeat(1024 * 1024);
    const res = await exchange(port, async (send) => {
      await send(request({ headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }));
      // Just past the limit, then nothing: the answer must not wait for the end of the body.
      for (let sent = 0; sent <= GATEWAY_BODY_LIMIT_BYTES; sent += chunk.length) await send(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    });
    expect(res.status).toBe(413);
    expect(codedError(res)).toMatchObject({ code: 'BODY_TOO_LARGE', details: { limitBytes: GATEWAY_BODY_LIMIT_BYTES } });
  });

  it('accepts a body of exactly the documented limit (6 MiB)', async () => {
    const prefix = '{"query":"{ __typename }","variables":{"pad":"';
    const suffix = '"}}';
    const body = `${prefix}${'a'.repeat(GATEWAY_BODY_LIMIT_BYTES - prefix.length - suffix.length)}${suffix}`;
    expect(Buffer.byteLength(body)).toBe(6 * 1024 * 1024);
    const res = await post(port, 'application/json', body);
    expect([res.status, JSON.parse(res.body)]).toEqual([200, { data: { __typename: 'Query' } }]);
  });

  it.each([
    ['not JSON', '{"query":'],
    ['empty', ''],
    ['a prototype-poisoning key', '{"query":"{ __typename }","__proto__":{"polluted":true}}'],
  ])('answers a body that is %s with 400 BODY_NOT_JSON, chunked or not', async (_name, body) => {
    const plain = await post(port, 'application/json', body);
    const chunked = await exchange(port, (send) =>
      send(`${request({ headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } })}${body.length ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n` : ''}0\r\n\r\n`),
    );
    // An empty body with Content-Length 0 is no body at all: Apollo answers that one (POST body missing).
    for (const res of body.length ? [plain, chunked] : [chunked]) {
      expect(res.status).toBe(400);
      expect(codedError(res)).toEqual({ code: 'BODY_NOT_JSON', message: expect.stringMatching(/^The body is not valid JSON: /) });
    }
  });

  it.each([
    ['5 MB long', { query: `{ ${'__typename '.repeat(500_000)}}` }, { limit: 'length', max: 65_536, actual: 2 + 11 * 500_000 + 1 }],
    ['5,001 tokens', { query: `{ ${'a '.repeat(4_999)}}` }, { limit: 'tokens', max: 5_000, actual: 5_001 }],
    ['40 fields deep', { query: `${'{ a '.repeat(40)}${'}'.repeat(40)}` }, { limit: 'depth', max: 32, actual: 40 }],
    ['5 MB long, in a batch', [{ query: '{ __typename }' }, { query: `{ ${'__typename '.repeat(500_000)}}` }], { limit: 'length' }],
  ])('refuses a query document %s with a QUERY_TOO_LARGE GraphQL error (413) before parsing it', async (_name, payload, details) => {
    const res = await post(port, 'application/json', JSON.stringify(payload));
    expect(res.status).toBe(413);
    const body = JSON.parse(res.body) as { data?: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', domainCode: 'QUERY_TOO_LARGE', details });
  });

  it('refuses a query document over the token limit sent by GET as well', async () => {
    // `+` for the spaces: 10 KB of URL, inside the 16 KiB Node reads for the request line and headers.
    const query = `%7B+${'a+'.repeat(4_999)}%7D`;
    const res = await exchange(port, (send) => send(request({ method: 'GET', path: `/graphql?query=${query}`, headers: { 'apollo-require-preflight': 'true' } })));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', details: { limit: 'tokens' } });
  });

  it('answers 10 slow bodies (headers and part of the body, then nothing) with 408 REQUEST_TIMEOUT once the request limit passes', async () => {
    const slow = () =>
      exchange(port, async (send) => {
        await send(request({ headers: { 'Content-Type': 'application/json', 'Content-Length': 1_000 } }));
        await send('{"query":"{ __typ'); // and never the rest
      });
    const answers = await Promise.all(Array.from({ length: 10 }, slow));
    for (const res of answers) {
      expect(res.status).toBe(408);
      expect(codedError(res).code).toBe('REQUEST_TIMEOUT');
      // Never before the limit (the upper bound is GIVE_UP_MS: Node's defaults would hold them for 300 s).
      expect(res.elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    }
  });

  it('answers headers that never finish with 408 REQUEST_TIMEOUT once the (shorter) headers limit passes', async () => {
    const res = await exchange(port, (send) => send('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: applic'));
    expect(res.status).toBe(408);
    expect(codedError(res).code).toBe('REQUEST_TIMEOUT');
    expect(res.elapsedMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    // The headers limit, not the request limit, ended it.
    expect(res.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS);
  });

  it('answers a 20 KiB header with 431 HEADERS_TOO_LARGE in our shape', async () => {
    const res = await exchange(port, (send) => send(request({ headers: { 'Content-Type': 'application/json', 'X-Padding': 'p'.repeat(20 * 1024) } })));
    expect(res.status).toBe(431);
    expect(codedError(res).code).toBe('HEADERS_TOO_LARGE');
  });

  it('answers a request that is not HTTP with 400 VALIDATION_FAILED in our shape', async () => {
    const res = await exchange(port, (send) => send('NOT HTTP AT ALL\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(codedError(res).code).toBe('VALIDATION_FAILED');
  });

  it('keeps answering normal queries after all of the above', async () => {
    const res = await post(port, 'application/json', TYPENAME_QUERY);
    expect([res.status, JSON.parse(res.body)]).toEqual([200, { data: { __typename: 'Query' } }]);
  });
});
