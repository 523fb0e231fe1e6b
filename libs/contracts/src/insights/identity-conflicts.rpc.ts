import { type Static } from '@sinclair/typebox';
import { closedObject, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';

/** Identity links refused by the analytics service (PostHog refuses the same merges). */
export const IDENTITY_CONFLICT_REASONS = ['ALREADY_MERGED', 'BOTH_IDENTIFIED'] as const;
export type IdentityConflictReason = (typeof IDENTITY_CONFLICT_REASONS)[number];

export interface IdentityConflictDto {
  eventId: string;
  /** The id that was to be merged. */
  sourceId: string;
  /** The id it was to be merged into. */
  targetId: string;
  reason: IdentityConflictReason;
  /** ALREADY_MERGED: the person the source already belongs to; BOTH_IDENTIFIED: the source itself. */
  existingPersonId: string;
  recordedAt: string;
}

export type ListIdentityConflictsReply = Page<IdentityConflictDto>;

export const IDENTITY_CONFLICT_PAGE = { defaultFirst: 100, maxFirst: 500, cursorKind: 'identity-conflicts' } as const;

/** Newest first (stream position descending, then event id and source id); default 100 a page, at most 500. */
export const listIdentityConflictsRequestSchema = closedObject({ projectId: uuid(), ...pageRequestProperties(IDENTITY_CONFLICT_PAGE.maxFirst) });
export type ListIdentityConflictsRequest = Static<typeof listIdentityConflictsRequestSchema>;
