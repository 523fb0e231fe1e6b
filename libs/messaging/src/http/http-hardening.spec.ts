import { EventEmitter } from 'node:events';
import { type Server, createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { clientErrorHandler, connectionsCheckingIntervalMs, hardenHttpServer } from './http-hardening';

/** A socket that records what the handler writes, whether it drains the rest, and whether it closed it. */
function fakeSocket(state: { writable?: boolean; destroyed?: boolean; headersSent?: boolean } = {}) {
  const socket = Object.assign(new EventEmitter(), {
    writable: state.writable ?? true,
    destroyed: state.destroyed ?? false,
    resumed: false,
    _httpMessage: state.headersSent === undefined ? null : { headersSent: state.headersSent },
    written: undefined as string | undefined,
    end(data: string) {
      socket.written = data;
    },
    resume() {
      socket.resumed = true;
    },
    destroy() {
      socket.destroyed = true;
    },
  });
  return socket;
}

function answer(written: string | undefined) {
  const [head = '', body = ''] = (written ?? '').split('\r\n\r\n');
  const [statusLine, ...headers] = head.split('\r\n');
  return { statusLine, headers, body: JSON.parse(body) as { error: { code: string; message: string } } };
}

const codeError = (code?: string) => Object.assign(new Error('client error'), code === undefined ? {} : { code });

describe('clientErrorHandler', () => {
  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 'HTTP/1.1 408 Request Timeout', 'REQUEST_TIMEOUT'],
    ['HPE_HEADER_OVERFLOW', 'HTTP/1.1 431 Request Header Fields Too Large', 'HEADERS_TOO_LARGE'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 'HTTP/1.1 413 Payload Too Large', 'BODY_TOO_LARGE'],
    ['HPE_INVALID_METHOD', 'HTTP/1.1 400 Bad Request', 'VALIDATION_FAILED'],
    [undefined, 'HTTP/1.1 400 Bad Request', 'VALIDATION_FAILED'],
  ])('answers %s with "%s" and a coded body, then closes', (code, statusLine, errorCode) => {
    const socket = fakeSocket();
    clientErrorHandler(codeError(code), socket as unknown as Duplex);
    const written = answer(socket.written);
    expect(written.statusLine).toBe(statusLine);
    expect(written.body.error.code).toBe(errorCode);
    expect(written.body.error.message.length).toBeGreaterThan(10);
    expect(written.headers).toEqual([
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(JSON.stringify(written.body))}`,
      'Connection: close',
    ]);
    // it drains what the client still sends, and closes once the client is done
    expect([socket.resumed, socket.destroyed]).toEqual([true, false]);
    socket.emit('end');
    expect(socket.destroyed).toBe(true);
  });

  it('names the parse error of a malformed request', () => {
    const socket = fakeSocket();
    clientErrorHandler(codeError('HPE_INVALID_HEADER_TOKEN'), socket as unknown as Duplex);
    expect(answer(socket.written).body.error.message).toContain('HPE_INVALID_HEADER_TOKEN');
  });

  it.each([
    ['a reset connection', codeError('ECONNRESET'), {}],
    ['a socket destroyed already', codeError('ERR_HTTP_REQUEST_TIMEOUT'), { destroyed: true }],
    ['a socket that cannot be written', codeError('ERR_HTTP_REQUEST_TIMEOUT'), { writable: false }],
    ['a response already started on the socket', codeError('ERR_HTTP_REQUEST_TIMEOUT'), { headersSent: true }],
  ])('writes nothing on %s, and closes it', (_name, error, state) => {
    const socket = fakeSocket(state);
    clientErrorHandler(error, socket as unknown as Duplex);
    expect(socket.written).toBeUndefined();
    expect(socket.destroyed).toBe(true);
  });

  it('still answers when a response exists on the socket but has not started', () => {
    const socket = fakeSocket({ headersSent: false });
    clientErrorHandler(codeError('ERR_HTTP_REQUEST_TIMEOUT'), socket as unknown as Duplex);
    expect(answer(socket.written).body.error.code).toBe('REQUEST_TIMEOUT');
  });
});

describe('connectionsCheckingIntervalMs', () => {
  it.each([
    [30_000, 10_000, 1_000],
    [300_000, 60_000, 1_000],
    [3_000, 1_000, 100],
    [1_000, 1_000, 100],
    [400, 300, 50],
    [1, 1, 50],
  ])('request %i ms, headers %i ms → checks every %i ms', (requestTimeoutMs, headersTimeoutMs, expected) => {
    expect(connectionsCheckingIntervalMs({ requestTimeoutMs, headersTimeoutMs })).toBe(expected);
  });
});

describe('hardenHttpServer', () => {
  const servers: Server[] = [];
  const server = () => {
    const created = createServer();
    servers.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((done) => (s.listening ? s.close(() => done()) : done()))));
  });

  it('sets the receive limits, a checking interval fine enough for them, and is the only client error listener', () => {
    const http = server();
    const previous = jest.fn();
    http.on('clientError', previous);
    hardenHttpServer({ server: http }, { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
    expect([http.requestTimeout, http.headersTimeout, (http as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval]).toEqual([
      30_000, 10_000, 1_000,
    ]);
    expect(http.listeners('clientError')).toEqual([clientErrorHandler]);
  });

  it.each([
    [{ requestTimeoutMs: 0, headersTimeoutMs: 0 }, /requestTimeoutMs must be a positive integer/],
    [{ requestTimeoutMs: 1_000, headersTimeoutMs: 1.5 }, /headersTimeoutMs must be a positive integer/],
    [{ requestTimeoutMs: Number.NaN, headersTimeoutMs: 1 }, /requestTimeoutMs must be a positive integer/],
    [{ requestTimeoutMs: 1_000, headersTimeoutMs: 2_000 }, /headersTimeoutMs \(2000\) must not exceed requestTimeoutMs \(1000\)/],
  ])('refuses %j', (options, message) => {
    const http = server();
    expect(() => hardenHttpServer({ server: http }, options)).toThrow(message);
    expect(http.requestTimeout).toBe(300_000); // Node's default: nothing was changed
  });

  it('refuses a server that listens already (Node has started its checks with the old interval)', async () => {
    const http = server();
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    expect(() => hardenHttpServer({ server: http }, { requestTimeoutMs: 1_000, headersTimeoutMs: 1_000 })).toThrow(/before the server listens/);
  });
});
