import type { TrackingPlanDocumentDto, TrackingPlanReply, TrackingPlanVersionDto, TrackingPlanVersionSummaryDto } from '@fulcrum/contracts';
import type { JsonValue } from '../governance/json.scalar';
import type { TrackingPlan, TrackingPlanVersion, TrackingPlanVersionSummary } from './tracking-plan.model';

/** The service's answers as the GraphQL types (timestamps as dates, the document as JSON and as typed definitions). */
export function toTrackingPlanModel(reply: TrackingPlanReply): TrackingPlan {
  return {
    projectId: reply.projectId,
    mode: reply.mode,
    currentVersion: reply.currentVersion,
    version: reply.plan === null ? null : toTrackingPlanVersionModel(reply.plan),
    updatedAt: reply.updatedAt === null ? null : new Date(reply.updatedAt),
    updatedBy: reply.updatedBy,
    updatedByName: reply.updatedByName,
  };
}

export function toTrackingPlanVersionSummaryModel(dto: TrackingPlanVersionSummaryDto): TrackingPlanVersionSummary {
  return {
    version: dto.version,
    changes: dto.changes.map((change) => ({ ...change, incompatibilities: change.incompatibilities.map((i) => ({ ...i })) })),
    note: dto.note,
    publishedAt: new Date(dto.publishedAt),
    publishedBy: dto.publishedBy,
    publishedByName: dto.publishedByName,
  };
}

export function toTrackingPlanVersionModel(dto: TrackingPlanVersionDto): TrackingPlanVersion {
  const document: TrackingPlanDocumentDto = dto.document;
  return {
    ...toTrackingPlanVersionSummaryModel(dto),
    events: document.events.map((event) => ({ ...event, properties: event.properties as JsonValue, pii: event.pii.map((mark) => ({ ...mark })) })),
    traits:
      document.traits === null
        ? null
        : { schemaVer: document.traits.schemaVer, properties: document.traits.properties as JsonValue, pii: document.traits.pii.map((mark) => ({ ...mark })) },
    document: document as unknown as JsonValue,
  };
}
