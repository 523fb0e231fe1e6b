import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditActionMessage } from '@fulcrum/contracts';
import { AuditRejectedMessagesRepository, type RejectedAuditMessage } from './audit-rejected-messages.repository';
import { AuditTrailService } from './audit-trail.service';

export interface AcceptedAuditAction {
  streamSeq: number;
  subject: string;
  message: AuditActionMessage;
  /** Who acted: the v1 payload's `actor`, or the envelope's `Fulcrum-Actor` header (v2). */
  actor: string;
  /** From the message's envelope headers (or, for the project, the payload's `projectId`): null when absent. */
  projectId: string | null;
  actorName: string | null;
  /** `sha256:` of the message's canonical JSON: tells a retry from a reused id. */
  hash: string;
  /** The message as received (kept if it is rejected after all). */
  data: Uint8Array;
}

export interface AuditActionApplyResult {
  appended: number;
  duplicates: number;
  rejected: number;
}

/**
 * Writes a batch of AUDIT-stream messages in one transaction: valid ones are appended to the
 * trail (skipping ids already there: the stream's duplicate window is only two minutes, the
 * `source_message_id` key is forever), invalid ones go to `audit_rejected_messages`.
 *
 * The entry's `at` is when governance appended it (the trail's own clock, so it never goes
 * back); the message's `at`, `id` and payload are the entry's payload. The entry's project and
 * actor name come from the message's envelope headers (the project, failing that, from a UUID
 * `projectId` in the payload, as `person.erased` carries it); without a project it is
 * instance-level.
 */
@Injectable()
export class AuditActionStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trail: AuditTrailService,
    private readonly rejectedMessages: AuditRejectedMessagesRepository,
  ) {}

  apply(accepted: readonly AcceptedAuditAction[], rejected: readonly RejectedAuditMessage[]): Promise<AuditActionApplyResult> {
    return this.dataSource.transaction(async (manager) => {
      const rejectedAll = [...rejected];
      let duplicates = 0;
      const toAppend: AcceptedAuditAction[] = [];
      if (accepted.length > 0) {
        // The trail lock first: a replica appending the same id concurrently commits before we look.
        await this.trail.lock(manager);
        const seen = await this.trail.existingSourceMessages(manager, accepted.map((a) => a.message.id));
        for (const a of accepted) {
          if (!seen.has(a.message.id)) {
            seen.set(a.message.id, a.hash);
            toAppend.push(a);
          } else if (seen.get(a.message.id) === a.hash) {
            duplicates++;
          } else {
            rejectedAll.push({
              streamSeq: a.streamSeq,
              subject: a.subject,
              messageId: a.message.id,
              reason: `id ${a.message.id} is already on the audit trail with different content`,
              data: a.data,
            });
          }
        }
      }
      await this.trail.appendActions(
        manager,
        toAppend.map(({ message, actor, hash, projectId, actorName }) => ({
          actor,
          actorName,
          projectId,
          action: message.action,
          subject: message.subject,
          payload: { sourceMessageId: message.id, occurredAt: message.at, payload: message.payload },
          sourceMessageId: message.id,
          sourceMessageHash: hash,
        })),
      );
      await this.rejectedMessages.insert(manager, rejectedAll);
      return { appended: toAppend.length, duplicates, rejected: rejectedAll.length };
    });
  }
}
