import type { FastifyRequest } from 'fastify';
import type { RawRequest } from './collector.service';
import { AbandonedBody, OversizedBody } from './raw-body.parser';

/** The parts of an HTTP request the collector needs (the body stays raw: we decode it ourselves). */
export function readRawRequest(req: FastifyRequest): RawRequest {
  return {
    body: req.body instanceof OversizedBody || req.body instanceof AbandonedBody ? req.body : Buffer.isBuffer(req.body) ? req.body : undefined,
    contentType: header(req, 'content-type'),
    contentEncoding: header(req, 'content-encoding') ?? posthogCompression(req),
    authorization: header(req, 'authorization'),
    clientSentAt: posthogSentAt(req),
  };
}

/** posthog-js names its compression in the query (`?compression=gzip-js|lz64|base64`). */
function posthogCompression(req: FastifyRequest): string | undefined {
  const value = query(req)['compression'];
  return value === 'lz64' ? 'lz64' : undefined;
}

/** posthog-js sends its send time as `?_=<epoch ms>`; used when the body has no `sent_at`. */
function posthogSentAt(req: FastifyRequest): Date | undefined {
  const value = query(req)['_'];
  if (typeof value !== 'string' || !/^\d{10,16}$/.test(value)) return undefined;
  return new Date(Number(value));
}

function query(req: FastifyRequest): Record<string, unknown> {
  return (req.query ?? {}) as Record<string, unknown>;
}

/**
 * PostHog's GET form: the payload travels in `?data=` (JSON or base64 JSON). The raw query string
 * is decoded by the body decoder as a form body, strictly (the parsed query would have replaced
 * invalid UTF-8 with U+FFFD).
 */
export function readPosthogGet(req: FastifyRequest): RawRequest {
  const url = req.raw.url ?? '';
  const queryString = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return {
    body: typeof query(req)['data'] === 'string' ? Buffer.from(queryString) : undefined,
    contentType: 'application/x-www-form-urlencoded',
    contentEncoding: posthogCompression(req),
    authorization: header(req, 'authorization'),
    clientSentAt: posthogSentAt(req),
  };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
