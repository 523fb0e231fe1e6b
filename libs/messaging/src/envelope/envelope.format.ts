import { randomFillSync, randomUUID } from 'node:crypto';
import type { RequestEnvelope } from './request-envelope';

/** Bounds of the request envelope's values (headers are ASCII: the display name travels percent-encoded). */
export const ENVELOPE_LIMITS = {
  maxRequestIdLength: 128,
  /** Code points of the display name kept (longer names are cut by the sender). */
  maxActorNameLength: 200,
  maxServiceNameLength: 63,
} as const;

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const ACTOR_ID = new RegExp(`^(?:user:${UUID}|write-key:${UUID}|service:[a-z][a-z0-9-]{0,${ENVELOPE_LIMITS.maxServiceNameLength - 1}})$`);
const PROJECT_ID = new RegExp(`^${UUID}$`);
const REQUEST_ID = new RegExp(`^[A-Za-z0-9._:-]{1,${ENVELOPE_LIMITS.maxRequestIdLength}}$`);
/** W3C trace context level 1: version-traceid-parentid-flags, lowercase hex. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** `user:<uuid>` | `service:<name>` | `write-key:<uuid>`. */
export function isActorId(value: unknown): value is string {
  return typeof value === 'string' && ACTOR_ID.test(value);
}

export function isProjectId(value: unknown): value is string {
  return typeof value === 'string' && PROJECT_ID.test(value);
}

/** At most 128 characters of `[A-Za-z0-9._:-]`: safe in a header, a log line and a grep pattern. */
export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID.test(value);
}

export function newRequestId(): string {
  return randomUUID();
}

/** A well-formed W3C `traceparent` (version 00 exactly; a later version may append fields). */
export function isTraceparent(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TRACEPARENT.exec(value);
  if (!m) return false;
  const [, version, traceId, parentId, , rest] = m;
  if (version === 'ff' || /^0+$/.test(traceId ?? '') || /^0+$/.test(parentId ?? '')) return false;
  return version !== '00' || rest === undefined;
}

/**
 * Random bytes for trace and span ids come from a pool refilled 4 KiB at a time (as `randomUUID`
 * pools its entropy): `randomBytes(8)` per span is a system call and an OpenSSL call each time,
 * 4–20 µs, three times per GraphQL request. Ids need to be unique, not secret.
 */
const RANDOM_POOL_BYTES = 4096;
const randomPool = Buffer.allocUnsafe(RANDOM_POOL_BYTES);
let randomPoolOffset = RANDOM_POOL_BYTES;

/** `bytes` random bytes as lowercase hex, never all zeros (W3C trace context forbids all-zero ids). */
export function randomHex(bytes: number): string {
  if (bytes < 1 || bytes > 64) throw new RangeError(`randomHex: 1–64 bytes (got ${bytes})`);
  for (;;) {
    if (randomPoolOffset + bytes > RANDOM_POOL_BYTES) {
      randomFillSync(randomPool);
      randomPoolOffset = 0;
    }
    const hex = randomPool.toString('hex', randomPoolOffset, randomPoolOffset + bytes);
    randomPoolOffset += bytes;
    if (!ALL_ZERO_HEX.test(hex)) return hex;
  }
}
const ALL_ZERO_HEX = /^0+$/;

/** A new trace: random trace id and span id, not sampled (nothing records traces yet). */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-00`;
}

/**
 * The same trace one hop further: a new span id under the given trace (its flags kept), or a new
 * trace when `parent` is absent or malformed.
 */
export function childTraceparent(parent: string | undefined): string {
  if (!isTraceparent(parent)) return newTraceparent();
  const [, traceId, , flags] = parent.split('-');
  return `00-${traceId}-${randomHex(8)}-${flags}`;
}

/** `service:<name>` for a service acting by itself (start-up work, retries, tools and tests). */
export function serviceActor(name: string): string {
  const actor = `service:${name}`;
  if (!isActorId(actor)) throw new Error(`Not a service name for an actor id: ${JSON.stringify(name)}`);
  return actor;
}

/**
 * An envelope for a service acting by itself: a new request id and trace, or those of `cause`
 * (the request that made the service act) when given.
 */
export function serviceEnvelope(name: string, cause?: Pick<RequestEnvelope, 'requestId' | 'traceparent' | 'projectId'>): RequestEnvelope {
  return {
    actorId: serviceActor(name),
    requestId: cause?.requestId ?? newRequestId(),
    traceparent: cause ? childTraceparent(cause.traceparent) : newTraceparent(),
    ...(cause?.projectId !== undefined && { projectId: cause.projectId }),
  };
}

/** Lone UTF-16 surrogates (not representable in UTF-8) become U+FFFD, and the name is cut to its limit. */
export function normalizeActorName(name: string): string {
  const wellFormed = name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const points = Array.from(wellFormed);
  return points.length > ENVELOPE_LIMITS.maxActorNameLength ? points.slice(0, ENVELOPE_LIMITS.maxActorNameLength).join('') : wellFormed;
}
