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

export interface ListIdentityConflictsRequest {
  projectId: string;
  limit?: number;
  offset?: number;
}
export interface ListIdentityConflictsReply {
  conflicts: IdentityConflictDto[];
  total: number;
}

export const listIdentityConflictsRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId'],
  properties: {
    projectId: { type: 'string', format: 'uuid' },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    offset: { type: 'integer', minimum: 0 },
  },
} as const;
