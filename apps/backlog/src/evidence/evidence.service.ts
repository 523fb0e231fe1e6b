import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type AttachEvidenceReply,
  type AttachEvidenceRequest,
  DomainError,
  EVIDENCE_CURSOR,
  EVIDENCE_LIMITS,
  type EvidenceDto,
  type ItemsForAnalysisReply,
  type ItemsForAnalysisRequest,
  type ListEvidenceReply,
  type ListEvidenceRequest,
  type WithdrawEvidenceReply,
  type WithdrawEvidenceRequest,
  decodeCursor,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import { requireEnvelope } from '@fulcrum/messaging';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder } from '../activity/item-activity.recorder';
import { ItemChangeGuard, itemNotFound } from '../items/item-change.guard';
import { EvidenceSourceVerifier } from './evidence-source.verifier';
import { assertNarrative } from './evidence-url.rule';
import { EvidenceRepository } from './evidence.repository';

/**
 * Attaching and withdrawing evidence. The source is confirmed with its owning service before the
 * transaction (a NATS round trip must not hold the item's row lock); the transaction then takes
 * the item's lock at the caller's `expectedVersion`, writes the evidence and its activity row, and
 * bumps the version, so the change, its record on the audit trail and the version move together.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly tx: BacklogTransactionRunner,
    private readonly guard: ItemChangeGuard,
    private readonly activity: ItemActivityRecorder,
    private readonly verifier: EvidenceSourceVerifier,
    private readonly evidence: EvidenceRepository,
  ) {}

  async attach(request: AttachEvidenceRequest): Promise<AttachEvidenceReply> {
    assertNarrative(request.narrative);
    const { projectId, itemId } = request;
    const verified = await this.verifier.verify(projectId, request.source);
    const actor = actorOf();
    return this.tx.run(async (manager) => {
      await this.guard.lock(manager, projectId, itemId, request.expectedVersion);
      const evidence = await this.evidence.insert(manager, {
        id: randomUUID(),
        projectId,
        itemId,
        stance: request.stance,
        narrative: request.narrative,
        verified,
        attachedAt: new Date(),
        attachedBy: actor.id,
        attachedByName: actor.name,
      });
      await this.activity.record(manager, {
        projectId,
        itemId,
        action: 'evidence.attached',
        detail: { evidenceId: evidence.id, stance: evidence.stance, source: evidence.source },
      });
      return { evidence, itemVersion: await this.guard.bump(manager, itemId) };
    });
  }

  async withdraw(request: WithdrawEvidenceRequest): Promise<WithdrawEvidenceReply> {
    const { projectId, evidenceId } = request;
    const reason = request.reason.trim();
    const actor = actorOf();
    const found = await this.evidence.byId(projectId, evidenceId);
    if (!found) throw evidenceNotFound(evidenceId);
    return this.tx.run(async (manager) => {
      await this.guard.lock(manager, projectId, found.itemId, request.expectedVersion);
      const current = await this.evidence.byId(projectId, evidenceId, manager, true);
      if (!current) throw evidenceNotFound(evidenceId);
      if (current.withdrawal) {
        throw new DomainError('CONFLICT', `Evidence ${evidenceId} was already withdrawn at ${current.withdrawal.at}.`, {
          evidenceId,
          withdrawnAt: current.withdrawal.at,
        });
      }
      const evidence = await this.evidence.withdraw(manager, evidenceId, new Date(), actor.id, actor.name, reason);
      await this.activity.record(manager, {
        projectId,
        itemId: evidence.itemId,
        action: 'evidence.withdrawn',
        changes: [{ field: 'withdrawn', old: false, new: true }],
        detail: { evidenceId, reason, source: evidence.source },
      });
      return { evidence, itemVersion: await this.guard.bump(manager, evidence.itemId) };
    });
  }

  async list(request: ListEvidenceRequest): Promise<ListEvidenceReply> {
    if (!(await this.evidence.itemExists(request.projectId, request.itemId))) throw itemNotFound(request.itemId);
    const first = request.first ?? EVIDENCE_LIMITS.defaultListPage;
    const after = request.after === undefined ? null : evidenceCursor(request.after);
    const { rows, total } = await this.evidence.page(request.projectId, request.itemId, after, first + 1);
    return pageOf(rows, first, total, (e: EvidenceDto) => encodeCursor(EVIDENCE_CURSOR, [e.attachedAt, e.id]));
  }

  async itemsForAnalysis(request: ItemsForAnalysisRequest): Promise<ItemsForAnalysisReply> {
    return { analysisId: request.analysisId, items: await this.evidence.itemsForAnalysis(request.projectId, request.analysisId) };
  }

  /** One piece of evidence (EVIDENCE_NOT_FOUND when the project has none with this id). */
  async get(projectId: string, evidenceId: string): Promise<EvidenceDto> {
    const evidence = await this.evidence.byId(projectId, evidenceId);
    if (!evidence) throw evidenceNotFound(evidenceId);
    return evidence;
  }
}

function actorOf(): { id: string; name: string | null } {
  const envelope = requireEnvelope();
  const name = envelope.actorName?.trim();
  return { id: envelope.actorId, name: name ? name : null };
}

export function evidenceNotFound(evidenceId: string): DomainError {
  return new DomainError('EVIDENCE_NOT_FOUND', `No evidence ${evidenceId} in this project.`, { evidenceId });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The (attached, id) key of an evidence-list cursor; VALIDATION_FAILED for anything else. */
function evidenceCursor(after: string): { at: string; id: string } {
  const [at, id] = decodeCursor(EVIDENCE_CURSOR, after, 2);
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id) || new Date(Date.parse(at)).toISOString() !== at) {
    throw new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
  }
  return { at, id };
}
