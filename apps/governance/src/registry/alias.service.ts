import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type SetAliasReply, type SetAliasRequest } from '@fulcrum/contracts';
import type { EntityManager } from 'typeorm';
import { AuditGate } from '../audits/audit-gate.port';
import { type AuditAction, AuditTrailPort } from '../audit-trail/audit-trail.port';
import { GOVERNANCE_CONFIG, type GovernanceConfig } from '../config/governance.env';
import type { RequestActor } from '../infrastructure/request-actor';
import type { AliasMoveEntity } from './alias-move.entity';
import { type PromotionDecision, decidePromotion, gateSince, isGated } from './promotion.gate';
import { validateSetAlias } from './registry-input.validator';
import { toMoveDto } from './registry.mapper';
import { RegistryRepository } from './registry.repository';
import { RegistryService, modelNotFound, versionNotFound } from './registry.service';

export const ALIAS_MOVED = 'alias.moved';
export const ALIAS_GATE_OVERRIDDEN = 'alias.gate-overridden';

/**
 * Moves aliases (`staging`, `production`, …) between versions of a model, guarded by the
 * promotion gate for `production`, with the full history in `alias_moves` and on the audit trail.
 *
 * Moving an alias to the version it already points to is a no-op, not a CONFLICT: the reply is
 * the current model with the move that put the alias there, and nothing is recorded. A retried
 * request (the caller timed out, the first attempt committed) then succeeds instead of failing,
 * and the history only holds real moves.
 */
@Injectable()
export class AliasService {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly registry: RegistryService,
    private readonly trail: AuditTrailPort,
    @Inject(GOVERNANCE_CONFIG) private readonly config: GovernanceConfig,
    private readonly auditGate: AuditGate,
  ) {}

  async setAlias(input: SetAliasRequest, actor: RequestActor): Promise<SetAliasReply> {
    const request = validateSetAlias(input);
    const { projectId } = request;
    const reader = this.repository.reader;
    // Both looked up in the project: another project's model or version is not found, as an unknown id.
    const model = await this.repository.findModel(reader, projectId, request.modelId);
    if (!model) throw modelNotFound(request.modelId);
    const version = (await this.repository.findVersion(reader, projectId, request.versionId))?.version;
    if (!version) throw versionNotFound(request.versionId);
    if (version.modelId !== model.id) {
      throw new DomainError('VALIDATION_FAILED', `Version ${version.id} belongs to another model`, {
        field: 'versionId',
        modelId: model.id,
        versionModelId: version.modelId,
      });
    }
    const unchanged = await this.noOpReply(reader, request);
    if (unchanged) return unchanged;

    // The gate reads the audits module's tables through its port, before our transaction (on
    // PGlite a query outside the transaction's connection would wait for it forever). Audits are
    // only ever added, so a pass seen here still holds at commit.
    const decision = await this.gate(request);
    if (decision.kind === 'blocked') {
      throw new DomainError(
        'PROMOTION_BLOCKED',
        `Version ${request.versionId} has no PASSED audit in the last ${this.config.promotionAuditMaxAgeDays} days; run an audit or have a compliance reviewer override the gate`,
        { versionId: request.versionId, maxAgeDays: this.config.promotionAuditMaxAgeDays },
      );
    }

    const moved = await this.repository.transaction(async (manager) => {
      await this.repository.lockModel(manager, projectId, model.id); // serialises moves of this model's aliases
      const current = await this.repository.findAlias(manager, model.id, request.alias);
      if (current?.versionId === request.versionId) return false; // a concurrent identical move won
      const now = new Date();
      const moveId = randomUUID();
      const gateOverrideReason = decision.kind === 'overridden' ? decision.reason : null;
      const fromVersionId = current?.versionId ?? null;
      const subject = `model:${model.id}/alias:${request.alias}`;
      const payload = {
        moveId,
        modelId: model.id,
        modelName: model.name,
        alias: request.alias,
        fromVersionId,
        toVersionId: request.versionId,
        toVersion: version.version,
        reason: request.reason,
        gate: gatePayload(decision, this.config.promotionAuditMaxAgeDays),
      };
      const who = { actor: actor.id, actorName: actor.name, projectId };
      const actions: AuditAction[] = [{ ...who, action: ALIAS_MOVED, subject, payload, at: now }];
      if (gateOverrideReason !== null) {
        actions.push({
          ...who,
          action: ALIAS_GATE_OVERRIDDEN,
          subject,
          payload: { moveId, modelId: model.id, alias: request.alias, versionId: request.versionId, gateOverrideReason, maxAgeDays: this.config.promotionAuditMaxAgeDays },
          at: now,
        });
      }
      const [movedEntry] = await this.trail.append(manager, actions);
      await this.repository.saveAlias(manager, { modelId: model.id, alias: request.alias, versionId: request.versionId, movedAt: now, movedBy: actor.id });
      const move: AliasMoveEntity = {
        id: moveId,
        modelId: model.id,
        alias: request.alias,
        fromVersionId,
        toVersionId: request.versionId,
        actor: actor.id,
        reason: request.reason,
        at: now,
        gateOverrideReason,
        auditSeq: movedEntry.seq,
      };
      await this.repository.insertMove(manager, move);
      return move;
    });
    if (moved === false) {
      const reply = await this.noOpReply(reader, request);
      if (reply) return reply;
      throw new DomainError('CONFLICT', `Alias ${request.alias} was moved concurrently; retry`, { field: 'alias' });
    }
    return { model: await this.registry.model(projectId, model.id), move: toMoveDto(moved) };
  }

  private async noOpReply(manager: EntityManager, request: SetAliasRequest): Promise<SetAliasReply | undefined> {
    const current = await this.repository.findAlias(manager, request.modelId, request.alias);
    if (current?.versionId !== request.versionId) return undefined;
    const latest = await this.repository.latestMove(manager, request.modelId, request.alias);
    if (!latest) return undefined;
    return { model: await this.registry.model(request.projectId, request.modelId), move: toMoveDto(latest) };
  }

  private async gate(request: SetAliasRequest): Promise<PromotionDecision> {
    if (!isGated(request.alias)) return { kind: 'not-gated' };
    const since = gateSince(new Date(), this.config.promotionAuditMaxAgeDays);
    return decidePromotion(await this.auditGate.latestPassedAudit(request.versionId, since), request.gateOverrideReason);
  }
}

/** What the `alias.moved` entry records about the gate. */
function gatePayload(decision: PromotionDecision, maxAgeDays: number): Record<string, unknown> {
  switch (decision.kind) {
    case 'not-gated':
      return { required: false };
    case 'passed':
      return { required: true, maxAgeDays, passedAuditId: decision.auditId, passedAuditSeq: decision.auditSeq, passedAuditRanAt: decision.ranAt };
    case 'overridden':
      return { required: true, maxAgeDays, overridden: true };
    case 'blocked':
      return { required: true, maxAgeDays, blocked: true };
  }
}
