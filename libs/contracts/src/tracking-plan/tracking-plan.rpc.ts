import { type Static, Type } from '@sinclair/typebox';
import { closedObject, jsonObject, nullable, oneOf, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';
import { TRACKING_PLAN_MODES, type TrackingPlanDocumentDto, type TrackingPlanMode } from './tracking-plan.document';

/**
 * The tracking plan's storage, publishing and reading (owned by ingest; docs/tracking-plan.md).
 * Every publish makes an immutable plan version (1, 2, …) holding the whole document and, per
 * definition, what changed since the version it was based on.
 */
export const TRACKING_PLAN_RPC_LIMITS = {
  maxNoteLength: 2_000,
  /** Default and largest page of `ingest.tracking-plan.versions.list.v1`. */
  defaultPageSize: 20,
  maxPageSize: 100,
  /** Plan versions are numbered 1, 2, … up to this (an int column). */
  maxVersion: 2_147_483_647,
} as const;

/** The definition of the traits (`identify`) appears in `changes` under this name; no event may be called so. */
export const TRAITS_DEFINITION_NAME = '$traits';

/**
 * What one definition's change is, computed by the publish from the two properties schemas:
 * `NEW` (no such definition before; labelled `1-0-0`), `NONE` (only annotations changed, or
 * nothing; the SchemaVer stays), or the smallest SchemaVer step the change needs.
 */
export const TRACKING_PLAN_CHANGE_KINDS = ['NEW', 'NONE', 'ADDITION', 'REVISION', 'MODEL'] as const;
export type TrackingPlanChangeKind = (typeof TRACKING_PLAN_CHANGE_KINDS)[number];

/** A change of a properties schema that events valid before may no longer satisfy (libs/tracking-plan's classifier). */
export interface TrackingPlanIncompatibilityDto {
  /** JSON pointer into an event's properties (`/cart/items/*`). */
  path: string;
  keyword: string;
  /** `ALL`: every historical event reaching `path` is refused now; `SOME`: only some may be. */
  reach: 'ALL' | 'SOME';
  message: string;
}

/** What happened to one definition in one publish. */
export interface TrackingPlanChangeDto {
  /** The event name, or `$traits` for the traits definition. */
  event: string;
  /** The SchemaVer before (null for a new definition). */
  from: string | null;
  to: string;
  kind: TrackingPlanChangeKind;
  incompatibilities: TrackingPlanIncompatibilityDto[];
}

/** One published plan version, without its document (lists). */
export interface TrackingPlanVersionSummaryDto {
  projectId: string;
  version: number;
  /** Every definition of the version with its change from the previous version (`NONE` for those unchanged). */
  changes: TrackingPlanChangeDto[];
  note: string | null;
  /** ISO-8601 UTC. */
  publishedAt: string;
  /** The actor id of who published it (`user:<id>`, `service:<name>`). */
  publishedBy: string;
  /** Their display name at the time, when the request named one. */
  publishedByName: string | null;
}

/** One published plan version with its whole document. */
export interface TrackingPlanVersionDto extends TrackingPlanVersionSummaryDto {
  document: TrackingPlanDocumentDto;
}

/** A project's plan: its mode, its current version and the version asked for. */
export interface TrackingPlanReply {
  projectId: string;
  mode: TrackingPlanMode;
  /** Null until the first publish. */
  currentVersion: number | null;
  /** The version asked for (the current one when none was named); null when nothing is published yet. */
  plan: TrackingPlanVersionDto | null;
  /** When the mode (or the plan) last changed, and who changed it; null while the project has never had either. */
  updatedAt: string | null;
  updatedBy: string | null;
  updatedByName: string | null;
}

const version = () => Type.Integer({ minimum: 1, maximum: TRACKING_PLAN_RPC_LIMITS.maxVersion });

/**
 * Publishes a whole plan document as the project's next version (also how a plan is imported).
 * `basedOnVersion` must be the current version (null for the first publish), else CONFLICT with
 * `details.currentVersion`. The document is checked (VALIDATION_FAILED; at most
 * `TRACKING_PLAN_LIMITS.maxDocumentBytes` of JSON), then every definition against the current
 * version: SCHEMA_CHANGE_MISLABELLED for a SchemaVer that does not match the change,
 * DEFINITION_REMOVED for a definition left out (deprecate it instead).
 */
export const publishTrackingPlanRequestSchema = closedObject({
  projectId: uuid(),
  basedOnVersion: nullable(version()),
  /** A `TrackingPlanDocumentDto`; its shape is checked by the service (so a refusal names the field inside it). */
  document: jsonObject(),
  note: Type.Optional(nullable(Type.String({ maxLength: TRACKING_PLAN_RPC_LIMITS.maxNoteLength }))),
});
export type PublishTrackingPlanRequest = Static<typeof publishTrackingPlanRequestSchema>;

/** The plan of a project: the version named (NOT_FOUND when it does not exist) or the current one. */
export const getTrackingPlanRequestSchema = closedObject({
  projectId: uuid(),
  version: Type.Optional(nullable(version())),
});
export type GetTrackingPlanRequest = Static<typeof getTrackingPlanRequestSchema>;

/** A project's plan versions, newest first (by version number), without their documents. */
export const listTrackingPlanVersionsRequestSchema = closedObject({ projectId: uuid(), ...pageRequestProperties(TRACKING_PLAN_RPC_LIMITS.maxPageSize) });
export type ListTrackingPlanVersionsRequest = Static<typeof listTrackingPlanVersionsRequestSchema>;
export type ListTrackingPlanVersionsReply = Page<TrackingPlanVersionSummaryDto>;

/** Sets how events are checked against the plan (setting the mode it has already changes nothing). */
export const setTrackingPlanModeRequestSchema = closedObject({
  projectId: uuid(),
  mode: oneOf(TRACKING_PLAN_MODES, { type: 'string' }),
});
export type SetTrackingPlanModeRequest = Static<typeof setTrackingPlanModeRequestSchema>;
