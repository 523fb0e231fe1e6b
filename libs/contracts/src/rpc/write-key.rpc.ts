import { type Page, type PageRequest, pageRequestProperties } from '../pagination/page';

/**
 * Write keys authenticate the collector's front doors (owned by the ingest service). Only a hash is
 * stored: the key itself is returned once, by the call that creates it.
 */
export interface WriteKeyDto {
  id: string;
  projectId: string;
  name: string;
  /** The first characters of the key (`wk_` and 8 more), to tell keys apart without revealing them. */
  prefix: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** ISO-8601 UTC; null while the key is active. */
  revokedAt: string | null;
  /** ISO-8601 UTC, best effort: recorded at most once a minute per key and ingest replica; null if never used. */
  lastUsedAt: string | null;
}

export const WRITE_KEY_LIMITS = {
  maxNameLength: 100,
  /** Default and largest page of `ingest.write-keys.list.v1`. */
  defaultPageSize: 20,
  maxPageSize: 100,
} as const;

export interface CreateWriteKeyRequest {
  projectId: string;
  name: string;
}
export interface CreateWriteKeyReply {
  writeKey: WriteKeyDto;
  /** The key itself: shown this once, never stored nor returned again. */
  key: string;
}

/** Keys of a project, revoked ones included, oldest first (by creation time, then id). */
export interface ListWriteKeysRequest extends PageRequest {
  projectId: string;
}
export type ListWriteKeysReply = Page<WriteKeyDto>;

export interface RevokeWriteKeyRequest {
  projectId: string;
  writeKeyId: string;
}
/** The revoked key (revoking it again answers the same key, with its first revocation time). */
export interface RevokeWriteKeyReply {
  writeKey: WriteKeyDto;
}

export const createWriteKeyRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'name'],
  properties: {
    projectId: { type: 'string', format: 'uuid' },
    name: { type: 'string', minLength: 1, maxLength: WRITE_KEY_LIMITS.maxNameLength },
  },
} as const;

export const listWriteKeysRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId'],
  properties: {
    projectId: { type: 'string', format: 'uuid' },
    ...pageRequestProperties(WRITE_KEY_LIMITS.maxPageSize),
  },
} as const;

export const revokeWriteKeyRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'writeKeyId'],
  properties: {
    projectId: { type: 'string', format: 'uuid' },
    writeKeyId: { type: 'string', format: 'uuid' },
  },
} as const;
