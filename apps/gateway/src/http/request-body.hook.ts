import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '@fulcrum/contracts';

/** The only request body the gateway reads: GraphQL over HTTP as JSON (GET needs none). */
export const ACCEPTED_MEDIA_TYPE = 'application/json';

/** RFC 9110 `type "/" subtype` (tokens), as Fastify validates it; parameters after `;` are not checked. */
const MEDIA_TYPE = /^[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+$/;

type BodyErrorCode = 'UNSUPPORTED_MEDIA_TYPE' | 'BODY_TOO_LARGE' | 'BODY_NOT_JSON';
const STATUS: Readonly<Record<BodyErrorCode, number>> = { UNSUPPORTED_MEDIA_TYPE: 415, BODY_TOO_LARGE: 413, BODY_NOT_JSON: 400 };

/** Methods Fastify never reads a body for (as its `bodyless` set). */
const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'TRACE']);

/** A body the parser refused. The preValidation hook answers it: a parser error would reach Nest's filter, which knows only internal errors. */
class RejectedBody {
  constructor(readonly error: BodyError) {}
}

/** The client went away, or timed out, in the middle of its body: the client error handler has answered already. */
const ABANDONED = Symbol('abandoned body');

interface BodyError {
  code: BodyErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Every request body the gateway reads is JSON of at most `limitBytes`, answered in our shape
 * `{ error: { code, message, details } }` otherwise: 415 UNSUPPORTED_MEDIA_TYPE for a missing,
 * malformed or other Content-Type, 413 BODY_TOO_LARGE, 400 BODY_NOT_JSON. Fastify's own checks
 * would throw into Nest's exception filter, which answers anything it does not know with 500.
 *
 * The headers are checked before any body byte is read; a refused body is not read (the connection
 * is closed after the answer). Without a Content-Length (chunked), the limit is enforced while reading.
 * Replaces every content-type parser: create the Nest app with `bodyParser: false`.
 */
export function guardRequestBodies(fastify: FastifyInstance, options: { limitBytes: number }): void {
  const { limitBytes } = options;
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    const problem = request.is404 || BODYLESS_METHODS.has(request.method) ? undefined : headerProblem(request.headers, limitBytes);
    if (problem) {
      send(reply, problem, true); // not calling done(): the answer ends the request here
      return;
    }
    done(null, payload);
  });

  fastify.removeAllContentTypeParsers();
  // Fastify's JSON parser with its prototype-poisoning protection, fed the text we read ourselves.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(ACCEPTED_MEDIA_TYPE, (request, payload, done) => {
    readLimited(payload, limitBytes, (outcome) => {
      if (typeof outcome !== 'string') return done(null, outcome);
      parseJson(request, outcome, (error, body) =>
        done(null, error ? new RejectedBody({ code: 'BODY_NOT_JSON', message: `The body is not valid JSON: ${error.message}` }) : body),
      );
    });
  });

  fastify.addHook('preValidation', (request, reply, done) => {
    const body: unknown = request.body;
    if (body === ABANDONED) {
      void reply.hijack(); // the socket is gone and answered: stop here, quietly
      return;
    }
    if (body instanceof RejectedBody) {
      send(reply, body.error, body.error.code === 'BODY_TOO_LARGE');
      return;
    }
    done();
  });
}

function headerProblem(headers: IncomingHttpHeaders, limitBytes: number): BodyError | undefined {
  const length = headers['content-length'];
  const hasBody = headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody) return undefined;
  const contentType = headers['content-type'];
  const accepted = { accepted: [ACCEPTED_MEDIA_TYPE] };
  if (contentType === undefined) {
    return { code: 'UNSUPPORTED_MEDIA_TYPE', message: `A request body needs Content-Type: ${ACCEPTED_MEDIA_TYPE}`, details: accepted };
  }
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const shown = contentType.slice(0, 100);
  if (!MEDIA_TYPE.test(mediaType)) {
    return { code: 'UNSUPPORTED_MEDIA_TYPE', message: `Content-Type "${shown}" is malformed`, details: { contentType: shown, ...accepted } };
  }
  if (mediaType !== ACCEPTED_MEDIA_TYPE) {
    return {
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Content-Type ${mediaType} is not read here: send ${ACCEPTED_MEDIA_TYPE}`,
      details: { contentType: shown, ...accepted },
    };
  }
  // Node has checked that Content-Length is a number.
  if (length !== undefined && Number(length) > limitBytes) {
    return tooLarge(limitBytes, Number(length));
  }
  return undefined;
}

function tooLarge(limitBytes: number, sizeBytes?: number): BodyError {
  return {
    code: 'BODY_TOO_LARGE',
    message: `The body is larger than ${limitBytes} bytes`,
    details: sizeBytes === undefined ? { limitBytes } : { limitBytes, sizeBytes },
  };
}

/** The body as text, a refusal once it passes `limitBytes` (nothing more is kept), or ABANDONED. */
function readLimited(payload: Readable, limitBytes: number, settle: (outcome: string | RejectedBody | typeof ABANDONED) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const finish = (outcome: string | RejectedBody | typeof ABANDONED): void => {
    if (settled) return;
    settled = true;
    chunks.length = 0;
    settle(outcome);
  };
  payload.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > limitBytes) finish(new RejectedBody(tooLarge(limitBytes)));
    else chunks.push(chunk);
  });
  payload.on('end', () => {
    if (!settled) finish(Buffer.concat(chunks, size).toString('utf8'));
  });
  payload.on('error', () => finish(ABANDONED));
  payload.on('close', () => finish(ABANDONED)); // after 'end' this is a no-op
}

function send(reply: FastifyReply, problem: BodyError, closeConnection: boolean): void {
  const error = new DomainError(problem.code, problem.message, problem.details);
  // A body we did not read may still be arriving: close rather than read it to find the next request.
  if (closeConnection) void reply.header('connection', 'close');
  void reply.code(STATUS[problem.code]).send({ error: error.toPayload() });
}
