import { createHash } from 'node:crypto';
import { type AuditActionMessage, DomainError, auditActionMessageV1Schema, auditActionMessageV2Schema } from '@fulcrum/contracts';
import { type JsonValue, canonicalJson } from '@fulcrum/audit-log';
import { ENVELOPE_HEADERS, assertMatchesSchema, isActorId } from '@fulcrum/messaging';

export type DecodedAuditAction =
  | {
      ok: true;
      message: AuditActionMessage;
      /** Who acted: the payload's `actor` (v1) or the envelope's `Fulcrum-Actor` header (v2). */
      actor: string;
      /** `sha256:` of the canonical JSON of the message (v2: with the header's actor), telling a retry from a reused id. */
      hash: string;
    }
  | { ok: false; reason: string; /** The message's `id` when it could be read. */ messageId: string | null };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and validates one AUDIT-stream message with the actor header it arrived with. Never
 * throws: a bad message is a reason. A v2 message without a well-formed actor header is refused
 * (ACTOR_MISSING), like an RPC request without one.
 */
export function decodeAuditAction(data: Uint8Array, actorHeader: string | null = null): DecodedAuditAction {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(data));
  } catch (error) {
    return { ok: false, reason: `not UTF-8 JSON: ${(error as Error).message}`, messageId: null };
  }
  const messageId = readId(parsed);
  const v2 = typeof parsed === 'object' && parsed !== null && (parsed as Record<string, unknown>)['v'] === 2;
  try {
    assertMatchesSchema<AuditActionMessage>(v2 ? auditActionMessageV2Schema : auditActionMessageV1Schema, parsed, 'AuditActionMessage');
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, reason: error.message, messageId };
    throw error;
  }
  let actor: string;
  if (parsed.v === 2) {
    if (!isActorId(actorHeader)) {
      return { ok: false, reason: `ACTOR_MISSING: a v2 audit action needs a well-formed ${ENVELOPE_HEADERS.actorId} header`, messageId };
    }
    actor = actorHeader;
  } else {
    actor = parsed.actor;
  }
  // PostgreSQL text cannot hold NUL; the payload can (it is stored as escaped JSON text).
  for (const [field, value] of [['id', parsed.id], ['actor', actor], ['action', parsed.action], ['subject', parsed.subject]] as const) {
    if (value.includes('\u0000')) return { ok: false, reason: `AuditActionMessage: ${field} contains a NUL character`, messageId };
  }
  // v1 hashes as before (ids already on the trail keep their hash); v2 covers the header's actor too.
  const hashed = (parsed.v === 2 ? { ...parsed, actor } : parsed) as unknown as JsonValue;
  const hash = `sha256:${createHash('sha256').update(canonicalJson(hashed)).digest('hex')}`;
  return { ok: true, message: parsed, actor, hash };
}

function readId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as Record<string, unknown>)['id'];
  return typeof id === 'string' ? id.slice(0, 1_000) : null;
}
