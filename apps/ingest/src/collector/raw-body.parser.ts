import type { IncomingMessage } from 'node:http';

/** Stands in for a body larger than the HTTP layer reads, so the collector can answer with a coded error. */
export class OversizedBody {
  constructor(readonly receivedBytes: number) {}
}

/**
 * Stands in for a body the client stopped sending (a timeout or a dropped connection): the HTTP
 * server has answered it already (408, see hardenHttpServer), so it is not an internal error.
 */
export class AbandonedBody {}

/**
 * Every front door gets the raw bytes whatever the Content-Type (SDKs send JSON as text/plain,
 * gzip, or form data; we decode it ourselves with coded errors). Past `maxBytes` the rest of the
 * body is drained and dropped, and the handler sees an `OversizedBody` instead of a 413 from Fastify.
 */
/** The part of a Fastify instance this needs (keeps the adapter's generic types out of the way). */
export interface ContentTypeParserHost {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    parser: (request: unknown, payload: IncomingMessage, done: (error: Error | null, body?: unknown) => void) => void,
  ): void;
}

export function registerRawBodyParser(fastify: ContentTypeParserHost, maxBytes: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, payload, done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let oversized = false;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (oversized) return;
      if (size > maxBytes) {
        oversized = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    payload.on('error', () => done(null, new AbandonedBody()));
    payload.on('end', () => done(null, oversized ? new OversizedBody(size) : Buffer.concat(chunks, size)));
  });
}
