import { STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DomainErrorPayload, ErrorCode } from '@fulcrum/contracts';

/**
 * Time limits for *receiving* a request. They say nothing about how long the server may take to
 * answer: once the whole request has arrived, neither limit applies.
 */
export interface HttpHardeningOptions {
  /** Longest a client may take to send a whole request, headers and body (Node's `server.requestTimeout`). */
  readonly requestTimeoutMs: number;
  /** Longest a client may take to send the request headers (Node's `server.headersTimeout`); at most `requestTimeoutMs`. */
  readonly headersTimeoutMs: number;
}

/** Defaults for services without their own figures: generous for a slow mobile upload, short for a held socket. */
export const HTTP_HARDENING_DEFAULTS: HttpHardeningOptions = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 };

/** What a client error on the socket becomes: status and code of our JSON body. */
interface ClientErrorAnswer {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
}

/** Node's client error codes → our answer. Any other (a bad method, header, chunk or Content-Length) is a malformed request. */
const CLIENT_ERRORS: ReadonlyMap<string, ClientErrorAnswer> = new Map<string, ClientErrorAnswer>([
  [
    'ERR_HTTP_REQUEST_TIMEOUT',
    { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request (headers and body) was not received completely within the server time limit' },
  ],
  ['HPE_HEADER_OVERFLOW', { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are larger than the server accepts (Node: 16 KiB by default)' }],
  ['HPE_CHUNK_EXTENSIONS_OVERFLOW', { status: 413, code: 'BODY_TOO_LARGE', message: 'The chunk extensions of the request body are too large' }],
]);

function answerFor(errorCode: string | undefined): ClientErrorAnswer {
  const known = errorCode === undefined ? undefined : CLIENT_ERRORS.get(errorCode);
  return known ?? { status: 400, code: 'VALIDATION_FAILED', message: `The request is not valid HTTP/1.1 (${errorCode ?? 'parse error'})` };
}

/**
 * Answers a client error of the HTTP server (a request that timed out while being received, headers
 * over Node's 16 KiB, an HTTP parse error) with our coded body `{ error: { code, message } }`, then
 * closes the socket. Usable as Fastify's `clientErrorHandler` option or a Node `'clientError'` listener.
 *
 * Without it Node (or Fastify) answers in its own shape; with a listener and no answer, the client
 * would just see the connection drop.
 */
/** How long a socket answered with a client error may go on draining what the client still sends. */
const CLIENT_ERROR_LINGER_MS = 2_000;

export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    socket.destroy();
    return;
  }
  // Never write a second status line into a response that has started (as Node itself checks).
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const { status, code, message } = answerFor(error.code);
    const payload: DomainErrorPayload = { code, message };
    const body = JSON.stringify({ error: payload });
    const head = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ].join('\r\n');
    // Answer, then read and drop what the client is still sending (the rest of a 1 MB URL, say) so
    // that it gets to read the answer instead of a reset; close when it is done, or after a short
    // linger at most, so a half-open or endless peer cannot keep the socket.
    socket.removeAllListeners('data');
    socket.on('data', () => undefined);
    socket.end(`${head}\r\n\r\n${body}`);
    const linger = setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS);
    linger.unref();
    socket.once('end', () => socket.destroy());
    socket.once('close', () => clearTimeout(linger));
    socket.resume();
    return;
  }
  socket.destroy();
}

/**
 * How often Node looks for requests past their time limit. Node's default is 30 s, which would let a
 * 10 s headers limit hold a socket for up to 40 s: a tenth of the shorter limit, between 50 ms and 1 s.
 */
export function connectionsCheckingIntervalMs(options: HttpHardeningOptions): number {
  return Math.min(1000, Math.max(50, Math.floor(Math.min(options.requestTimeoutMs, options.headersTimeoutMs) / 10)));
}

/**
 * Hardens the HTTP server of a Fastify instance against slow and oversized requests: sets the
 * receive time limits (and a checking interval fine enough for them to hold), and replaces the
 * client error handling with {@link clientErrorHandler}. Call it before `listen` (Node starts its
 * timeout checks when the server starts listening). Throws on a limit that is not a positive integer,
 * or a headers limit above the request limit (Node would never apply it).
 */
export function hardenHttpServer(fastify: { readonly server: Server }, options: HttpHardeningOptions): void {
  const { requestTimeoutMs, headersTimeoutMs } = options;
  for (const [name, value] of Object.entries({ requestTimeoutMs, headersTimeoutMs })) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new RangeError(`headersTimeoutMs (${headersTimeoutMs}) must not exceed requestTimeoutMs (${requestTimeoutMs})`);
  }
  const server = fastify.server;
  if (server.listening) throw new Error('hardenHttpServer must be called before the server listens');
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = headersTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = connectionsCheckingIntervalMs(options);
  // Fastify's own listener answers in Fastify's shape; ours is the only one.
  server.removeAllListeners('clientError');
  server.on('clientError', clientErrorHandler);
}
