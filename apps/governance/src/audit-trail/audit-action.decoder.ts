import { createHash } from 'node:crypto';
import { type AuditActionMessage, DomainError } from '@fulcrum/contracts';
import { type JsonValue, canonicalJson } from '@fulcrum/audit-log';
import { assertMatchesSchema } from '@fulcrum/messaging';
import { auditActionMessageSchema } from './audit-action.schema';

export type DecodedAuditAction =
  | { ok: true; message: AuditActionMessage; /** `sha256:` of the message's canonical JSON. */ hash: string }
  | { ok: false; reason: string; /** The message's `id` when it could be read. */ messageId: string | null };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and validates one AUDIT-stream message. Never throws: a bad message is a reason. */
export function decodeAuditAction(data: Uint8Array): DecodedAuditAction {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(data));
  } catch (error) {
    return { ok: false, reason: `not UTF-8 JSON: ${(error as Error).message}`, messageId: null };
  }
  const messageId = readId(parsed);
  try {
    assertMatchesSchema<AuditActionMessage>(auditActionMessageSchema, parsed, 'AuditActionMessage');
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, reason: error.message, messageId };
    throw error;
  }
  // PostgreSQL text cannot hold NUL; the payload can (it is stored as escaped JSON text).
  for (const field of ['id', 'actor', 'action', 'subject'] as const) {
    if (parsed[field].includes('\u0000')) return { ok: false, reason: `AuditActionMessage: ${field} contains a NUL character`, messageId };
  }
  const hash = `sha256:${createHash('sha256').update(canonicalJson(parsed as unknown as JsonValue)).digest('hex')}`;
  return { ok: true, message: parsed, hash };
}

function readId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as Record<string, unknown>)['id'];
  return typeof id === 'string' ? id.slice(0, 1_000) : null;
}
