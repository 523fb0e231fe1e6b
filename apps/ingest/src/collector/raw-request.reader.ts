import type { FastifyRequest } from 'fastify';
import type { RawRequest } from './collector.service';

/** The parts of an HTTP request the collector needs (the body stays raw: we decode it ourselves). */
export function readRawRequest(req: FastifyRequest): RawRequest {
  const body = Buffer.isBuffer(req.body) ? req.body : undefined;
  return {
    body,
    contentType: header(req, 'content-type'),
    contentEncoding: header(req, 'content-encoding'),
    authorization: header(req, 'authorization'),
  };
}

/** PostHog's GET form: the payload travels in `?data=` (JSON or base64 JSON). */
export function readPosthogGet(req: FastifyRequest): RawRequest {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const data = typeof query['data'] === 'string' ? query['data'] : undefined;
  return {
    body: data === undefined ? undefined : Buffer.from(`data=${encodeURIComponent(data)}`),
    contentType: 'application/x-www-form-urlencoded',
    authorization: header(req, 'authorization'),
  };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
