import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { DomainError, type ExportAuditTrailReply } from '@fulcrum/contracts';
import { type AuditEntry, type AuditExport, buildAuditExport, hashToHex } from '@fulcrum/audit-log';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import type { RequestActor } from '../infrastructure/request-actor';
import { AuditEntriesRepository } from './audit-entries.repository';
import { rowToEntry } from './audit-entry.mapper';
import { AuditTrailService } from './audit-trail.service';
import { TreeHeadService } from './tree-head.service';

export const AUDIT_TRAIL_EXPORTED = 'audit-trail.exported';
const READ_CHUNK = 10_000;
/** Room for Nest's reply envelope around the document. */
const REPLY_ENVELOPE_BYTES = 64 * 1024;

/**
 * `fulcrum.audit-export.v1` documents of the whole trail.
 *
 * Order: the export is built first (entries 0..N-1 under a head of size N), THEN the export itself
 * is appended as `audit-trail.exported` with the exported head in its payload. So an export never
 * contains its own entry (the next one will), and the trail records exactly which signed head was
 * handed to whom; the entry is committed before the reply leaves, so no export goes unrecorded.
 *
 * The largest head handed out before (by a proof or an earlier export) is included as
 * `previousTreeHead` with the consistency proof to the new head, so a verifier also checks that
 * the history it was shown earlier was only extended.
 */
@Injectable()
export class AuditExportService {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly entries: AuditEntriesRepository,
    private readonly heads: TreeHeadService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  /** The whole tree, every project's entries and the instance-level ones (instance admins only, at the gateway). */
  async export(actor: RequestActor): Promise<ExportAuditTrailReply> {
    const log = await this.trail.syncedLog();
    const size = log.size;
    const root = log.root(size);
    const { keyId, ...treeHead } = await this.heads.signedHead(size, root);
    const previousTreeHead = await this.heads.latestHeadBelow(size);
    const document = buildAuditExport({
      entries: await this.readEntries(size),
      log,
      treeHead,
      publicKeyPem: this.heads.publicKey().publicKeyPem,
      previousTreeHead,
    });
    this.assertFitsInReply(document);
    await this.dataSource.transaction((manager) =>
      this.trail.append(manager, [
        {
          actor: actor.id,
          actorName: actor.name,
          projectId: null,
          action: AUDIT_TRAIL_EXPORTED,
          subject: 'audit-trail',
          payload: {
            treeSize: size,
            rootHash: hashToHex(root),
            treeHeadTimestamp: treeHead.timestamp,
            keyId,
            previousTreeSize: previousTreeHead?.treeSize ?? null,
          },
        },
      ]),
    );
    return { export: document as unknown as Record<string, unknown> };
  }

  private async readEntries(size: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (let from = 0; from < size; from += READ_CHUNK) {
      for (const row of await this.entries.range(from, Math.min(size, from + READ_CHUNK))) entries.push(rowToEntry(row));
    }
    return entries;
  }

  /**
   * The reply goes back in one NATS message. A trail too large for the broker's max_payload
   * would make the reply fail to send and the caller time out; say so instead, before anything
   * is recorded.
   */
  private assertFitsInReply(document: AuditExport): void {
    const maxPayload = this.nc.info?.max_payload;
    if (maxPayload === undefined) return;
    const bytes = Buffer.byteLength(JSON.stringify({ export: document }));
    if (bytes + REPLY_ENVELOPE_BYTES > maxPayload) {
      throw new DomainError(
        'INTERNAL',
        `The audit trail export (${document.entries.length} entries, ${bytes} bytes) exceeds the broker's message limit of ${maxPayload} bytes.`,
        { treeSize: document.treeHead.treeSize, bytes, maxPayload },
      );
    }
  }
}
