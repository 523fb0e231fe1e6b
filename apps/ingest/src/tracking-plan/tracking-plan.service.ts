import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  type ListTrackingPlanVersionsReply,
  type ListTrackingPlanVersionsRequest,
  type PublishTrackingPlanRequest,
  TRACKING_PLAN_RPC_LIMITS,
  type TrackingPlanMode,
  type TrackingPlanReply,
  type TrackingPlanVersionDto,
  type TrackingPlanVersionSummaryDto,
  decodeCursor,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import { type RequestEnvelope, requireEnvelope } from '@fulcrum/messaging';
import { checkPlanDocumentForPublish } from './plan-document.checks';
import { planChanges } from './plan-publish.rules';
import { TRACKING_PLAN_AUDIT_ACTIONS, modeChangedPayload, publishedPayload, trackingPlanAuditSubject } from './tracking-plan-audit.message';
import { TrackingPlanAuditOutbox } from './tracking-plan-audit.outbox';
import { TrackingPlanReader } from './tracking-plan.reader';
import { type PlanActor, type PlanSettingsRow, type PlanVersionRow, type PlanVersionSummaryRow, TrackingPlanRepository } from './tracking-plan.repository';

/** Cursor kind of the versions list (cursors of other lists are refused). */
const CURSOR_KIND = 'tracking-plan-versions';
const PII_SECRET_BYTES = 32;

/** Publishing and reading a project's tracking plan, and its mode (called by the gateway over NATS). */
@Injectable()
export class TrackingPlanService {
  constructor(
    private readonly repository: TrackingPlanRepository,
    private readonly reader: TrackingPlanReader,
    private readonly audit: TrackingPlanAuditOutbox,
  ) {}

  /**
   * The document as the project's next version. Checked before anything is locked; then, under the
   * lock of the project's settings row (publishes of a project run one at a time on every replica),
   * `basedOnVersion` must be the current version and every definition must be labelled as the
   * publish rules ask (plan-publish.rules.ts). The version, its changes and the audit action commit
   * together.
   */
  async publish(request: PublishTrackingPlanRequest): Promise<TrackingPlanReply> {
    const envelope = requireEnvelope();
    const document = checkPlanDocumentForPublish(request.document);
    const actor = actorOf(envelope);
    const note = request.note ?? null;
    const published = await this.repository.transaction(async (em) => {
      const settings = await this.repository.lockSettings(em, request.projectId, randomBytes(PII_SECRET_BYTES));
      if (!settings) throw projectNotFound(request.projectId);
      if (settings.currentVersion !== request.basedOnVersion) {
        throw new DomainError(
          'CONFLICT',
          `The plan is at version ${settings.currentVersion ?? 'none (nothing published yet)'}, not ${request.basedOnVersion ?? 'none'}: read it again and publish on top of it.`,
          { field: 'basedOnVersion', basedOnVersion: request.basedOnVersion, currentVersion: settings.currentVersion },
        );
      }
      const previous = settings.currentVersion === null ? null : await this.repository.version(request.projectId, settings.currentVersion, em);
      const changes = planChanges(previous?.document ?? null, document);
      const row = { projectId: request.projectId, version: (settings.currentVersion ?? 0) + 1, document, changes, note, publishedBy: actor.actorId, publishedByName: actor.actorName };
      const publishedAt = await this.repository.publish(em, row);
      await this.repository.insertAudit(em, {
        ...auditRowBase(envelope, request.projectId),
        action: TRACKING_PLAN_AUDIT_ACTIONS.published,
        payload: publishedPayload({ ...row, basedOnVersion: request.basedOnVersion }),
      });
      return { ...row, publishedAt };
    });
    this.afterCommit(request.projectId);
    const settings = await this.repository.settings(request.projectId);
    return replyOf(request.projectId, settings, toVersionDto(published));
  }

  /** The version asked for (NOT_FOUND when the project has no such version), else the current one. */
  async get(projectId: string, version?: number | null): Promise<TrackingPlanReply> {
    const settings = await this.repository.settings(projectId);
    if (!settings && !(await this.repository.projectExists(projectId))) throw projectNotFound(projectId);
    const wanted = version ?? settings?.currentVersion ?? null;
    if (wanted === null) return replyOf(projectId, settings, null);
    const row = await this.repository.version(projectId, wanted);
    if (!row) throw new DomainError('NOT_FOUND', `The tracking plan of project ${projectId} has no version ${wanted}.`, { projectId, version: wanted });
    return replyOf(projectId, settings, toVersionDto(row));
  }

  /** The project's versions, newest first, without documents. */
  async list(request: ListTrackingPlanVersionsRequest): Promise<ListTrackingPlanVersionsReply> {
    const first = request.first ?? TRACKING_PLAN_RPC_LIMITS.defaultPageSize;
    const before = request.after === undefined ? undefined : versionOfCursor(request.after);
    if (!(await this.repository.projectExists(request.projectId))) throw projectNotFound(request.projectId);
    const [rows, totalCount] = await Promise.all([this.repository.page(request.projectId, first + 1, before), this.repository.count(request.projectId)]);
    const page = pageOf(rows, first, totalCount, (row) => encodeCursor(CURSOR_KIND, [row.version]));
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toSummaryDto(edge.node) })) };
  }

  /** Sets the mode; the mode it has already is answered unchanged (and goes on the audit trail only when it changes). */
  async setMode(projectId: string, mode: TrackingPlanMode): Promise<TrackingPlanReply> {
    const envelope = requireEnvelope();
    const changed = await this.repository.transaction(async (em) => {
      const settings = await this.repository.lockSettings(em, projectId, randomBytes(PII_SECRET_BYTES));
      if (!settings) throw projectNotFound(projectId);
      if (settings.mode === mode) return false;
      await this.repository.setMode(em, projectId, mode, actorOf(envelope));
      await this.repository.insertAudit(em, {
        ...auditRowBase(envelope, projectId),
        action: TRACKING_PLAN_AUDIT_ACTIONS.modeChanged,
        payload: modeChangedPayload(projectId, settings.mode, mode),
      });
      return true;
    });
    if (changed) this.afterCommit(projectId);
    return this.get(projectId);
  }

  /** This replica sees its own change at once; the audit action leaves soon after. */
  private afterCommit(projectId: string): void {
    this.reader.forget(projectId);
    this.audit.notifyCommitted();
  }
}

function actorOf(envelope: RequestEnvelope): PlanActor {
  return { actorId: envelope.actorId, actorName: envelope.actorName ?? null };
}

function auditRowBase(envelope: RequestEnvelope, projectId: string) {
  return {
    id: randomUUID(),
    projectId,
    subject: trackingPlanAuditSubject(projectId),
    actor: envelope.actorId,
    actorName: envelope.actorName ?? null,
    requestId: envelope.requestId,
    traceparent: envelope.traceparent,
  };
}

function projectNotFound(projectId: string): DomainError {
  return new DomainError('PROJECT_NOT_FOUND', `No project ${projectId}`, { projectId });
}

function versionOfCursor(cursor: string): number {
  const [version] = decodeCursor(CURSOR_KIND, cursor, 1);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > TRACKING_PLAN_RPC_LIMITS.maxVersion) {
    throw new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
  }
  return version;
}

function replyOf(projectId: string, settings: PlanSettingsRow | null, plan: TrackingPlanVersionDto | null): TrackingPlanReply {
  const changedBy = settings?.updatedBy ?? null;
  return {
    projectId,
    mode: settings?.mode ?? 'OFF',
    currentVersion: settings?.currentVersion ?? null,
    plan,
    updatedAt: changedBy === null ? null : (settings as PlanSettingsRow).updatedAt.toISOString(),
    updatedBy: changedBy,
    updatedByName: changedBy === null ? null : (settings as PlanSettingsRow).updatedByName,
  };
}

function toSummaryDto(row: PlanVersionSummaryRow): TrackingPlanVersionSummaryDto {
  return {
    projectId: row.projectId,
    version: row.version,
    changes: row.changes,
    note: row.note,
    publishedAt: row.publishedAt.toISOString(),
    publishedBy: row.publishedBy,
    publishedByName: row.publishedByName,
  };
}

function toVersionDto(row: PlanVersionRow): TrackingPlanVersionDto {
  return { ...toSummaryDto(row), document: row.document };
}
