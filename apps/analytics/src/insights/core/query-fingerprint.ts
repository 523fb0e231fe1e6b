import { createHash } from 'node:crypto';
import { type JsonValue, canonicalJson } from '@fulcrum/audit-log';

/**
 * `sha256:<hex>` of the RFC 8785 canonical JSON of what determines an answer besides the data:
 * the insight kind, the project, the time zone and the query as sent (so key order and
 * whitespace never change it; the data version is reported beside it, not inside it).
 */
export function queryFingerprint(kind: string, projectId: string, timeZone: string, query: unknown): string {
  return sha256Canonical({ kind, projectId, timeZone, query: query as JsonValue });
}

export function sha256Canonical(value: JsonValue): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex')}`;
}
