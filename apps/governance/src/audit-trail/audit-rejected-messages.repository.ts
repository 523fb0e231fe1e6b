import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** An AUDIT-stream message that was not appended, kept with the reason (never dropped). */
export interface RejectedAuditMessage {
  streamSeq: number;
  subject: string;
  messageId: string | null;
  reason: string;
  data: Uint8Array;
}

/** SQL of `audit_rejected_messages`. */
@Injectable()
export class AuditRejectedMessagesRepository {
  /** Idempotent by stream sequence: a message redelivered after a crash is kept once. */
  async insert(manager: EntityManager, messages: readonly RejectedAuditMessage[]): Promise<void> {
    for (const m of messages) {
      await manager.query(
        `INSERT INTO audit_rejected_messages (stream_seq, subject, message_id, reason, data) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (stream_seq) DO NOTHING`,
        [m.streamSeq, withoutNul(m.subject), m.messageId === null ? null : withoutNul(m.messageId), withoutNul(m.reason), Buffer.from(m.data)],
      );
    }
  }
}

/** PostgreSQL text cannot hold NUL; the raw bytes are kept intact in `data`. */
function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}
