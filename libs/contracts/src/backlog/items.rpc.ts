import { type Static, Type } from '@sinclair/typebox';
import { closedObject, nullable, oneOf, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';
import {
  BACKLOG_HISTORY_ORDERS,
  BACKLOG_INITIAL_STATES,
  BACKLOG_LIMITS,
  BACKLOG_PAGES,
  type BacklogHistoryOrder,
  type BacklogItemKind,
  type BacklogItemState,
  type BacklogTrack,
} from './backlog.enums';
import { description, estimate, expectedVersion, itemKey, itemKind, itemState, labels, owners, title, track } from './backlog.fields';

/** A backlog item as every reply carries it. */
export interface BacklogItemDto {
  id: string;
  projectId: string;
  /** `<PROJECT-KEY>-<number>`, e.g. `SHOP-42`: stable for ever (project keys are immutable). */
  key: string;
  /** Per project, 1, 2, 3… in creation order. */
  number: number;
  track: BacklogTrack;
  kind: BacklogItemKind;
  title: string;
  /** Markdown exactly as sent (clients render it safely). */
  description: string;
  /** A value of the track's estimate scale, or null (not estimated). */
  estimate: string | null;
  /** User ids (UUIDs); the gateway checks they are project members. */
  owners: string[];
  /** Lower-case, unique. */
  labels: string[];
  state: BacklogItemState;
  /** Fractional index within the track; compare byte-wise (ASCII): smaller comes first. */
  rank: string;
  /** 1 at creation, +1 per change: send it back as `expectedVersion`. */
  version: number;
  /** When it last entered DELIVERED (kept when it moves on: success metrics count from it); ISO-8601 UTC. */
  deliveredAt: string | null;
  /** When it was last ACCEPTED and by whom (actor id); null when not accepted. */
  acceptedAt: string | null;
  acceptedBy: string | null;
  /** The reason given when acceptance overrode the success-metrics gate. */
  acceptanceOverrideReason: string | null;
  createdAt: string;
  /** Actor id, e.g. `user:<uuid>`. */
  createdBy: string;
  updatedAt: string;
}

export interface BacklogItemReply {
  item: BacklogItemDto;
}

/** Creates an item at the bottom of its track, in ICEBOX unless `state` says BACKLOG. Replies with version 1. */
export const createBacklogItemRequestSchema = closedObject({
  projectId: uuid(),
  track: track(),
  kind: itemKind(),
  title: title(),
  description: Type.Optional(description()),
  estimate: Type.Optional(nullable(estimate())),
  owners: Type.Optional(owners()),
  labels: Type.Optional(labels()),
  state: Type.Optional(oneOf(BACKLOG_INITIAL_STATES, { type: 'string' })),
});
export type CreateBacklogItemRequest = Static<typeof createBacklogItemRequestSchema>;

/**
 * Changes the fields sent, and only those (at least one). `estimate: null` clears the estimate;
 * `owners` and `labels` replace the lists. Unchanged values are not recorded as changes; a request
 * that changes nothing still needs a current `expectedVersion` and leaves the version as it is.
 */
export const updateBacklogItemRequestSchema = closedObject({
  projectId: uuid(),
  itemId: uuid(),
  expectedVersion: expectedVersion(),
  title: Type.Optional(title()),
  description: Type.Optional(description()),
  kind: Type.Optional(itemKind()),
  estimate: Type.Optional(nullable(estimate())),
  owners: Type.Optional(owners()),
  labels: Type.Optional(labels()),
});
export type UpdateBacklogItemRequest = Static<typeof updateBacklogItemRequestSchema>;

/**
 * Moves an item to another state (INVALID_TRANSITION names the allowed ones). Moving to ACCEPTED
 * passes the success-metrics gate: ACCEPTANCE_BLOCKED unless every metric's latest evaluation is
 * MET or `overrideReason` is given (the gateway lets only PMs and admins send it).
 */
export const moveBacklogItemRequestSchema = closedObject({
  projectId: uuid(),
  itemId: uuid(),
  expectedVersion: expectedVersion(),
  state: itemState(),
  overrideReason: Type.Optional(Type.String({ minLength: 1, maxLength: BACKLOG_LIMITS.maxOverrideReasonLength })),
});
export type MoveBacklogItemRequest = Static<typeof moveBacklogItemRequestSchema>;

/**
 * Places an item directly before or directly after another item of the same track (exactly one of
 * `before`, `after`); the new rank lies strictly between the neighbours at that moment.
 */
export const rankBacklogItemRequestSchema = closedObject({
  projectId: uuid(),
  itemId: uuid(),
  expectedVersion: expectedVersion(),
  before: Type.Optional(uuid()),
  after: Type.Optional(uuid()),
});
export type RankBacklogItemRequest = Static<typeof rankBacklogItemRequestSchema>;

/** One item by id or by key (exactly one of them). */
export const getBacklogItemRequestSchema = closedObject({
  projectId: uuid(),
  itemId: Type.Optional(uuid()),
  /** `SHOP-42` (the project part matches case-insensitively). */
  key: Type.Optional(itemKey()),
});
export type GetBacklogItemRequest = Static<typeof getBacklogItemRequestSchema>;

/**
 * Items of one track in rank order (smallest first), filtered: any of `states`, any of `kinds`,
 * carrying `label`, owned by `owner`, and `text` a case-insensitive substring of the title or the
 * description. Default page 50, at most 200.
 */
export const backlogBoardRequestSchema = closedObject({
  projectId: uuid(),
  track: track(),
  states: Type.Optional(Type.Array(itemState(), { minItems: 1, maxItems: 8, uniqueItems: true })),
  kinds: Type.Optional(Type.Array(itemKind(), { minItems: 1, maxItems: 8, uniqueItems: true })),
  label: Type.Optional(Type.String({ minLength: 1, maxLength: BACKLOG_LIMITS.maxLabelLength })),
  owner: Type.Optional(uuid()),
  text: Type.Optional(Type.String({ minLength: 1, maxLength: BACKLOG_LIMITS.maxSearchTextLength })),
  ...pageRequestProperties(BACKLOG_PAGES.board.max),
});
export type BacklogBoardRequest = Static<typeof backlogBoardRequestSchema>;
export type BacklogBoardReply = Page<BacklogItemDto>;

/** One field of a change: values as JSON, null for "none". */
export interface BacklogFieldChangeDto {
  field: string;
  old: unknown;
  new: unknown;
}

/** One entry of an item's activity (also published on the governance audit trail, same id). */
export interface BacklogActivityDto {
  id: string;
  itemId: string;
  /** e.g. `item.created`, `item.state-moved`, `link.added`, `evidence.attached`. */
  action: string;
  changes: BacklogFieldChangeDto[];
  /** What else the entry needs to be read on its own (a link's other item, an override reason…). */
  detail: Record<string, unknown>;
  /** Actor id and display name at the time. */
  actor: string;
  actorName: string | null;
  requestId: string;
  occurredAt: string;
}

/** An item's activity, newest first by default. ITEM_NOT_FOUND outside the project. Default page 50, at most 200. */
export const backlogHistoryRequestSchema = closedObject({
  projectId: uuid(),
  itemId: uuid(),
  order: Type.Optional(oneOf(BACKLOG_HISTORY_ORDERS, { type: 'string' })),
  ...pageRequestProperties(BACKLOG_PAGES.history.max),
});
export type BacklogHistoryRequest = Static<typeof backlogHistoryRequestSchema>;
export type BacklogHistoryReply = Page<BacklogActivityDto>;
export type { BacklogHistoryOrder };
