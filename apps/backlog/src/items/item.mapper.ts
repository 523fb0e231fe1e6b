import type { BacklogItemDto } from '@fulcrum/contracts';
import type { ItemKind, ItemState, Track } from '../domain/backlog.vocabulary';

/** The columns every item read selects (with the project key joined in). */
export const ITEM_COLUMNS = `i.id, i.project_id, p.key AS project_key, i.number, i.track, i.kind, i.title, i.description, i.estimate,
  i.owners, i.labels, i.state, i.rank, i.version, i.delivered_at, i.accepted_at, i.accepted_by, i.acceptance_override_reason,
  i.created_at, i.created_by, i.updated_at`;

export interface ItemRow {
  id: string;
  project_id: string;
  project_key: string;
  number: number;
  track: Track;
  kind: ItemKind;
  title: string;
  description: string;
  estimate: string | null;
  owners: string[];
  labels: string[];
  state: ItemState;
  rank: string;
  version: number;
  delivered_at: Date | null;
  accepted_at: Date | null;
  accepted_by: string | null;
  acceptance_override_reason: string | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
}

export function itemKeyOf(projectKey: string, number: number): string {
  return `${projectKey}-${number}`;
}

export function toItemDto(r: ItemRow): BacklogItemDto {
  return {
    id: r.id,
    projectId: r.project_id,
    key: itemKeyOf(r.project_key, r.number),
    number: r.number,
    track: r.track,
    kind: r.kind,
    title: r.title,
    description: r.description,
    estimate: r.estimate,
    owners: r.owners,
    labels: r.labels,
    state: r.state,
    rank: r.rank,
    version: r.version,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    acceptedAt: r.accepted_at?.toISOString() ?? null,
    acceptedBy: r.accepted_by,
    acceptanceOverrideReason: r.acceptance_override_reason,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    updatedAt: r.updated_at.toISOString(),
  };
}
