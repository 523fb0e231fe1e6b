import type { IncomingHttpHeaders } from 'node:http';

/** RFC 9110 `type "/" subtype` (tokens), parameters after `;` allowed: what Fastify accepts. */
const MEDIA_TYPE = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(;.*)?$/;

/** The part of a Fastify instance this needs. */
export interface OnRequestHost {
  addHook(name: 'onRequest', hook: (request: { headers: IncomingHttpHeaders }, reply: unknown, done: () => void) => void): unknown;
}

/**
 * The collector reads every body as raw bytes whatever its Content-Type (browsers send JSON as
 * text/plain; docs/ingest.md promises JSON whatever the header). Fastify refuses a malformed header
 * (`x`, `;`) with its own 415 shape before any route runs, so such a header is treated as absent:
 * the body is still decoded, and refused with our coded errors if it is not JSON.
 */
export function acceptMalformedContentTypes(fastify: OnRequestHost): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const value = request.headers['content-type'];
    if (value !== undefined && !MEDIA_TYPE.test(value)) delete request.headers['content-type'];
    done();
  });
}
