import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DomainError,
  type EraseDecisionSubjectReply,
  type EraseDecisionSubjectRequest,
  GOVERNANCE_LIMITS,
  type RecordDecisionsReply,
  type RecordDecisionsRequest,
  type RecordOutcomesReply,
  type RecordOutcomesRequest,
  type RowRejectionDto,
} from '@fulcrum/contracts';
import { canonicalJson } from '@fulcrum/audit-log';
import { AuditTrailPort } from '../audit-trail/audit-trail.port';
import type { RequestActor } from '../infrastructure/request-actor';
import { RegistryReader } from '../registry/registry-reader.port';
import { type CandidateRow, collapseBatchRepeats, newContentSalt, rowsHash, saltedContentHash, sha256 } from './decision-content.hasher';
import { type ValidDecisionRow, validateDecisionRow } from './decision-row.validator';
import { DecisionsRepository, type NewDecisionRow, type RejectedDecisionRecord } from './decisions.repository';
import { collapseOutcomeRepeats, validateOutcomeRow } from './outcome-row.validator';

/** Where a batch came from when it arrived on JetStream: its rejected rows are kept in `rejected_decisions`. */
export interface StreamSource {
  streamSeq: number;
}

/**
 * The decision log's commands, each within one project. Rows are validated one by one (bad rows
 * rejected with a code, good rows kept); a batch is stored in one transaction with one bulk INSERT
 * and one audit-trail entry. Recording is idempotent by (project, decisionId): the same decision
 * again is a duplicate, the same id with different content is rejected (DECISION_ID_CONFLICT), and
 * an erased decision is never re-created by a retry (it counts as a duplicate). A model version of
 * another project is MODEL_VERSION_NOT_FOUND, as an unknown one; another project's decision ids
 * are neither visible nor taken.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly repository: DecisionsRepository,
    private readonly registry: RegistryReader,
    private readonly trail: AuditTrailPort,
  ) {}

  async record(request: RecordDecisionsRequest, actor: RequestActor, source?: StreamSource): Promise<RecordDecisionsReply> {
    const { projectId, modelVersionId, decisions } = request;
    if (!Array.isArray(decisions) || decisions.length === 0 || decisions.length > GOVERNANCE_LIMITS.maxDecisionsPerCall) {
      throw new DomainError('VALIDATION_FAILED', `decisions must hold 1 to ${GOVERNANCE_LIMITS.maxDecisionsPerCall} rows`, {
        field: 'decisions',
        rows: Array.isArray(decisions) ? decisions.length : null,
      });
    }
    // Before the transaction: the registry reads through the DataSource (one connection on PGlite).
    await this.registry.getVersion(projectId, modelVersionId);

    const rejected: RowRejectionDto[] = [];
    const valid: Array<{ index: number; row: ValidDecisionRow }> = [];
    decisions.forEach((raw, index) => {
      const outcome = validateDecisionRow(raw, index);
      if (outcome.ok) valid.push({ index, row: outcome.row });
      else rejected.push(outcome.rejection);
    });
    const batch = collapseBatchRepeats(modelVersionId, valid);
    rejected.push(...batch.rejected);

    return this.repository.transaction(async (em) => {
      await this.repository.lockRecording(em);
      const stored = await this.repository.findStored(em, projectId, batch.candidates.map((c) => c.row.decisionId));
      let duplicates = batch.duplicates;
      const fresh: CandidateRow[] = [];
      for (const candidate of batch.candidates) {
        const existing = stored.get(candidate.row.decisionId);
        if (!existing) fresh.push(candidate);
        else if (existing.contentSalt === null || saltedContentHash(existing.contentSalt, candidate.content) === existing.contentHash) duplicates++;
        else {
          rejected.push({
            index: candidate.index,
            code: 'DECISION_ID_CONFLICT',
            message: `decisionId ${JSON.stringify(candidate.row.decisionId)} is already recorded with different content`,
          });
        }
      }
      const auditSeq =
        fresh.length > 0 ? await this.store(em, actor, { projectId, modelVersionId }, fresh, { duplicates, rejected: rejected.length, source }) : null;
      rejected.sort((a, b) => a.index - b.index);
      if (source) await this.repository.insertRejected(em, rejected.map((r) => rejectedRow(source, request, actor, r)));
      return { accepted: fresh.length, duplicates, rejected, auditSeq };
    });
  }

  /**
   * Keeps a JetStream message that cannot be applied at all (not JSON, bad envelope, unknown version), with the reason.
   * Under the recording lock, as the rejected rows of `record`: every insert into `rejected_decisions` takes its id and
   * commits while holding it, so ids become visible in order (the list's cursor never skips a row committed later).
   */
  async rejectMessage(record: Omit<RejectedDecisionRecord, 'rowIndex' | 'decisionId' | 'subjectRef'>): Promise<void> {
    await this.repository.transaction(async (em) => {
      await this.repository.lockRecording(em);
      await this.repository.insertRejected(em, [{ ...record, rowIndex: -1, decisionId: null, subjectRef: null }]);
    });
  }

  async recordOutcomes(request: RecordOutcomesRequest, actor: RequestActor): Promise<RecordOutcomesReply> {
    const { projectId, modelVersionId, outcomes } = request;
    if (!Array.isArray(outcomes) || outcomes.length === 0 || outcomes.length > GOVERNANCE_LIMITS.maxOutcomesPerCall) {
      throw new DomainError('VALIDATION_FAILED', `outcomes must hold 1 to ${GOVERNANCE_LIMITS.maxOutcomesPerCall} rows`, { field: 'outcomes' });
    }
    await this.registry.getVersion(projectId, modelVersionId);
    const rejected: RowRejectionDto[] = [];
    const valid: Array<{ index: number; row: { decisionId: string; groundTruth: string } }> = [];
    outcomes.forEach((raw, index) => {
      const outcome = validateOutcomeRow(raw, index);
      if (outcome.ok) valid.push({ index, row: outcome.row });
      else rejected.push(outcome.rejection);
    });
    const { unique, rejected: conflicts } = collapseOutcomeRepeats(valid);
    rejected.push(...conflicts);

    return this.repository.transaction(async (em) => {
      const found = await this.repository.setGroundTruth(em, projectId, modelVersionId, unique.map((u) => u.row));
      const updated = unique.filter((u) => found.has(u.row.decisionId));
      for (const u of unique) {
        if (!found.has(u.row.decisionId)) {
          rejected.push({ index: u.index, code: 'DECISION_NOT_FOUND', message: `no decision ${JSON.stringify(u.row.decisionId)} of this model version` });
        }
      }
      let auditSeq: number | null = null;
      if (updated.length > 0) {
        const pairs = updated.map((u) => [u.row.decisionId, u.row.groundTruth]);
        const [entry] = await this.trail.append(em, [
          {
            actor: actor.id,
            actorName: actor.name,
            projectId,
            action: 'outcomes.recorded',
            subject: `outcome-batch:${randomUUID()}`,
            payload: {
              modelVersionId,
              decisionIds: updated.map((u) => u.row.decisionId),
              // sha256 of the canonical JSON array of [decisionId, groundTruth] pairs, in decisionIds order.
              outcomesHash: sha256(canonicalJson(pairs)),
            },
          },
        ]);
        auditSeq = entry.seq;
      }
      rejected.sort((a, b) => a.index - b.index);
      return { updated: updated.length, rejected, auditSeq };
    });
  }

  /**
   * GDPR Art. 17 erasure of one subject's personal data in the decision log (subject_ref and
   * attributes; see DecisionsRepository.eraseSubject). The trail entry names the subject only by the
   * SHA-256 of its pseudonym. The `decisions.recorded` entries are left as they are: their payloads
   * hold decision ids and one hash over salted row hashes, no personal data, and the salt of the
   * erased rows is gone, so the hash can no longer confirm a guessed subjectRef.
   */
  async eraseSubject(request: EraseDecisionSubjectRequest, actor: RequestActor): Promise<EraseDecisionSubjectReply> {
    const subjectRefHash = sha256(request.subjectRef);
    return this.repository.transaction(async (em) => {
      const { decisions, rejectedRows } = await this.repository.eraseSubject(em, request.projectId, request.subjectRef);
      const modelVersionIds = [...new Set(decisions.map((d) => d.modelVersionId).filter((id): id is string => id !== null))].sort();
      const [entry] = await this.trail.append(em, [
        {
          actor: actor.id,
          actorName: actor.name,
          projectId: request.projectId,
          action: 'decisions.subject-erased',
          subject: `decision-subject:${subjectRefHash}`,
          payload: { subjectRefHash, erasedDecisions: decisions.length, erasedRejectedRows: rejectedRows, modelVersionIds, reason: request.reason },
        },
      ]);
      return { erasedDecisions: decisions.length, auditSeq: entry.seq };
    });
  }

  /** Appends the batch's `decisions.recorded` entry, then inserts its rows carrying that entry's seq. */
  private async store(
    em: EntityManager,
    actor: RequestActor,
    { projectId, modelVersionId }: { projectId: string; modelVersionId: string },
    fresh: readonly CandidateRow[],
    counts: { duplicates: number; rejected: number; source?: StreamSource },
  ): Promise<number> {
    const rows: NewDecisionRow[] = fresh.map((c) => {
      const salt = newContentSalt();
      return { ...c.row, contentSalt: salt, contentHash: saltedContentHash(salt, c.content) };
    });
    const [entry] = await this.trail.append(em, [
      {
        actor: actor.id,
        actorName: actor.name,
        projectId,
        action: 'decisions.recorded',
        subject: `decision-batch:${randomUUID()}`,
        payload: {
          modelVersionId,
          decisionIds: rows.map((r) => r.decisionId),
          // sha256 of the canonical JSON array of the rows' salted content hashes (decisions.content_hash), in decisionIds order.
          rowsHash: rowsHash(rows.map((r) => r.contentHash)),
          duplicates: counts.duplicates,
          rejected: counts.rejected,
          via: counts.source ? 'jetstream' : 'rpc',
          ...(counts.source ? { streamSeq: counts.source.streamSeq } : {}),
        },
      },
    ]);
    const inserted = await this.repository.insertDecisions(em, { projectId, modelVersionId, recordedBy: actor.id, auditSeq: entry.seq }, rows);
    // Under the recording lock nobody else can insert these ids; a mismatch would make the trail lie, so roll back.
    if (inserted !== rows.length) throw new Error(`inserted ${inserted} of ${rows.length} decisions`);
    return entry.seq;
  }
}

function rejectedRow(source: StreamSource, request: RecordDecisionsRequest, actor: RequestActor, rejection: RowRejectionDto): RejectedDecisionRecord {
  const raw = request.decisions[rejection.index];
  const fields = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    streamSeq: source.streamSeq,
    rowIndex: rejection.index,
    projectId: request.projectId,
    modelVersionId: request.modelVersionId,
    actor: actor.id,
    decisionId: text(fields['decisionId']),
    subjectRef: text(fields['subjectRef']),
    code: rejection.code,
    reason: rejection.message,
    payload: JSON.stringify(raw) ?? null,
  };
}
