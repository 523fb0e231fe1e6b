import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type AuditDto,
  DomainError,
  type ListAuditsReply,
  type ListAuditsRequest,
  type ListRulesReply,
  type RunAuditReply,
  type RunAuditRequest,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import { type JsonValue, canonicalJson } from '@fulcrum/audit-log';
import { AuditTrailPort } from '../audit-trail/audit-trail.port';
import { timeIdCursor } from '../infrastructure/list-cursor.decoder';
import type { RequestActor } from '../infrastructure/request-actor';
import { RegistryReader } from '../registry/registry-reader.port';
import { sha256 } from '../decisions/decision-content.hasher';
import { RULE_CATALOG } from './audit-rule.catalog';
import { AuditRulesEvaluator } from './audit-rules.evaluator';
import { AuditsRepository } from './audits.repository';

const AUDITS_CURSOR = 'audits';

/**
 * Audits: run the catalog's rules for a model version over `[from, to)` of its decisions, store the
 * audit with its findings and put `audit.completed` on the audit trail in the same transaction.
 * An audit FAILS when any finding FAILs (WARN and NOT_APPLICABLE do not block).
 */
@Injectable()
export class AuditsService {
  constructor(
    private readonly registry: RegistryReader,
    private readonly evaluator: AuditRulesEvaluator,
    private readonly audits: AuditsRepository,
    private readonly trail: AuditTrailPort,
  ) {}

  listRules(): ListRulesReply {
    return { rules: RULE_CATALOG.map((r) => ({ ...r })) };
  }

  /** The project's audits (of one version when given: MODEL_VERSION_NOT_FOUND outside the project), newest first. */
  async list(request: ListAuditsRequest, first: number): Promise<ListAuditsReply> {
    const { projectId } = request;
    const modelVersionId = request.modelVersionId ?? null;
    if (modelVersionId !== null) await this.registry.getVersion(projectId, modelVersionId);
    const before = request.after === undefined ? null : timeIdCursor(AUDITS_CURSOR, request.after);
    const { audits, total } = await this.audits.page(projectId, modelVersionId, before, first + 1);
    return pageOf(audits, first, total, (a) => encodeCursor(AUDITS_CURSOR, [a.ranAt, a.id]));
  }

  async run(request: RunAuditRequest, actor: RequestActor): Promise<RunAuditReply> {
    const { projectId } = request;
    const from = new Date(request.from);
    const to = new Date(request.to);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from.getTime() >= to.getTime()) {
      throw new DomainError('VALIDATION_FAILED', 'from must be before to (the audited range is [from, to))', { from: request.from, to: request.to });
    }
    const requested = request.rules ?? RULE_CATALOG.map((r) => r.id);
    const unknown = requested.filter((id) => !RULE_CATALOG.some((r) => r.id === id));
    if (unknown.length > 0) {
      throw new DomainError('RULE_NOT_FOUND', `unknown rule id(s): ${unknown.join(', ')}`, { unknown, known: RULE_CATALOG.map((r) => r.id) });
    }
    // Findings in catalog order, whatever order the caller listed the rules in.
    const ruleIds = RULE_CATALOG.map((r) => r.id).filter((id) => requested.includes(id));
    const subject = await this.registry.getVersion(projectId, request.modelVersionId);
    const ranAt = new Date();
    const findings = await this.evaluator.evaluate({ subject, range: { modelVersionId: request.modelVersionId, from, to }, now: ranAt, favorableOutcome: request.favorableOutcome ?? null,
        ll144Exclusion: request.ll144ExcludeUnder2Percent ? { justification: request.ll144ExcludeUnder2Percent.justification ?? null } : null }, ruleIds);
    const outcome = findings.some((f) => f.status === 'FAIL') ? 'FAILED' : 'PASSED';
    const id = randomUUID();

    const audit = await this.audits.transaction(async (em) => {
      const [entry] = await this.trail.append(em, [
        {
          actor: actor.id,
          actorName: actor.name,
          projectId,
          action: 'audit.completed',
          subject: `audit:${id}`,
          at: ranAt,
          payload: {
            auditId: id,
            modelVersionId: request.modelVersionId,
            from: from.toISOString(),
            to: to.toISOString(),
            rules: ruleIds,
            outcome,
            findings: findings.map((f) => ({ ruleId: f.ruleId, status: f.status })),
            // sha256 of the canonical JSON of the findings as stored (with their evidence).
            findingsHash: sha256(canonicalJson(findings as unknown as JsonValue)),
          },
        },
      ]);
      const stored: AuditDto = {
        id,
        modelVersionId: request.modelVersionId,
        from: from.toISOString(),
        to: to.toISOString(),
        rules: ruleIds,
        outcome,
        findings,
        ranAt: ranAt.toISOString(),
        ranBy: actor.id,
        auditSeq: entry.seq,
      };
      await this.audits.insert(em, projectId, stored);
      return stored;
    });
    return { audit };
  }
}
