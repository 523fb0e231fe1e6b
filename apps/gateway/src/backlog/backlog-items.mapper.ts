import type { BacklogActivityDto, BacklogItemDto, BacklogTrackSettingsDto } from '@fulcrum/contracts';
import { toJson } from '../governance/json.scalar';
import type { BacklogActivity, BacklogItem, BacklogTrackSettings } from './backlog-items.model';

/** An ISO-8601 instant of a reply, or null. */
export function toDateOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

export function toBacklogItem(i: BacklogItemDto): BacklogItem {
  return {
    id: i.id,
    projectId: i.projectId,
    key: i.key,
    number: i.number,
    track: i.track,
    kind: i.kind,
    title: i.title,
    description: i.description,
    estimate: i.estimate,
    owners: i.owners,
    labels: i.labels,
    state: i.state,
    rank: i.rank,
    version: i.version,
    deliveredAt: toDateOrNull(i.deliveredAt),
    acceptedAt: toDateOrNull(i.acceptedAt),
    acceptedBy: i.acceptedBy,
    acceptanceOverrideReason: i.acceptanceOverrideReason,
    createdAt: new Date(i.createdAt),
    createdBy: i.createdBy,
    updatedAt: new Date(i.updatedAt),
  };
}

export function toBacklogActivity(a: BacklogActivityDto): BacklogActivity {
  return {
    id: a.id,
    itemId: a.itemId,
    action: a.action,
    // `?? null`: a value the service left out reads as "none", never as a GraphQL error.
    changes: a.changes.map((c) => ({ field: c.field, oldValue: toJson(c.old ?? null, 'changes.old', 0), newValue: toJson(c.new ?? null, 'changes.new', 0) })),
    detail: toJson(a.detail, 'detail', 0),
    actor: a.actor,
    actorName: a.actorName,
    requestId: a.requestId,
    occurredAt: new Date(a.occurredAt),
  };
}

export function toBacklogTrackSettings(s: BacklogTrackSettingsDto): BacklogTrackSettings {
  return {
    track: s.track,
    estimateScale: s.estimateScale,
    estimateValues: s.estimateValues,
    updatedAt: toDateOrNull(s.updatedAt),
    updatedBy: s.updatedBy,
  };
}
