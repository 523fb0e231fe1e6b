/**
 * Where each front door carries its write key. These never throw: a missing or malformed credential is
 * `undefined`, which the HTTP layer answers with 401 WRITE_KEY_MISSING.
 */
import { decodeDataField } from './body-decoder';
import { isJsonObject } from './wire-fields';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function nonEmpty(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function credentials(authorization: string | undefined, scheme: string): string | undefined {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization ?? '');
  if (!match || match[1].toLowerCase() !== scheme) return undefined;
  return match[2];
}

/** `Authorization: Bearer <writeKey>` (native front door). */
export function writeKeyFromBearer(authorization?: string): string | undefined {
  return credentials(authorization, 'bearer');
}

/** `Authorization: Basic base64(<writeKey>:)`: the user part, the password is ignored (Segment convention). */
export function writeKeyFromBasic(authorization?: string): string | undefined {
  const token = credentials(authorization, 'basic');
  if (token === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return undefined;
  let decoded: string;
  try {
    decoded = utf8.decode(Buffer.from(token, 'base64'));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return nonEmpty(colon === -1 ? decoded : decoded.slice(0, colon));
}

/**
 * Segment: the Basic user (server SDKs), else `writeKey` in the body (analytics.js puts it in every event,
 * and in each item of a `/v1/batch` body).
 */
export function segmentWriteKey(authorization: string | undefined, body: unknown): string | undefined {
  const fromHeader = writeKeyFromBasic(authorization);
  if (fromHeader !== undefined) return fromHeader;
  if (!isJsonObject(body)) return undefined;
  const fromBody = nonEmpty(body.writeKey);
  if (fromBody !== undefined) return fromBody;
  const first = Array.isArray(body.batch) ? body.batch[0] : undefined;
  return isJsonObject(first) ? nonEmpty(first.writeKey) : undefined;
}

/**
 * PostHog project token: `api_key` (posthog-node, server SDKs), else `token`/`$token` of the body, else the
 * first event's `api_key`/`token`/`$token`, else its `properties.token` (posthog-js). Understands every body
 * form `mapPosthogBody` accepts: `{ batch }`, an array of events, a single event and `{ data }`.
 */
export function posthogApiKey(body: unknown): string | undefined {
  return findPosthogToken(body, 0);
}

function findPosthogToken(body: unknown, depth: number): string | undefined {
  if (Array.isArray(body)) return eventToken(body[0]);
  if (!isJsonObject(body)) return undefined;
  const topLevel = nonEmpty(body.api_key) ?? nonEmpty(body.token) ?? nonEmpty(body.$token);
  if (topLevel !== undefined) return topLevel;
  if (Array.isArray(body.batch)) return eventToken(body.batch[0]);
  if (isPresentData(body) && depth === 0) {
    if (typeof body.data !== 'string') return findPosthogToken(body.data, depth + 1);
    try {
      return findPosthogToken(decodeDataField(body.data), depth + 1);
    } catch {
      return undefined;
    }
  }
  return eventToken(body);
}

function isPresentData(body: Record<string, unknown>): boolean {
  return body.data !== undefined && body.data !== null && body.event === undefined;
}

function eventToken(event: unknown): string | undefined {
  if (!isJsonObject(event)) return undefined;
  const properties = isJsonObject(event.properties) ? event.properties : {};
  return nonEmpty(event.api_key) ?? nonEmpty(event.token) ?? nonEmpty(event.$token) ?? nonEmpty(properties.token);
}
