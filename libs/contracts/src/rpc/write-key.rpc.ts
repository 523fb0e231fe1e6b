import { type Static, Type } from '@sinclair/typebox';
import { closedObject, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';

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

export interface CreateWriteKeyReply {
  writeKey: WriteKeyDto;
  /** The key itself: shown this once, never stored nor returned again. */
  key: string;
}

export type ListWriteKeysReply = Page<WriteKeyDto>;

/** The revoked key (revoking it again answers the same key, with its first revocation time). */
export interface RevokeWriteKeyReply {
  writeKey: WriteKeyDto;
}

export const createWriteKeyRequestSchema = closedObject({
  projectId: uuid(),
  name: Type.String({ minLength: 1, maxLength: WRITE_KEY_LIMITS.maxNameLength }),
});
export type CreateWriteKeyRequest = Static<typeof createWriteKeyRequestSchema>;

/** Keys of a project, revoked ones included, oldest first (by creation time, then id). */
export const listWriteKeysRequestSchema = closedObject({ projectId: uuid(), ...pageRequestProperties(WRITE_KEY_LIMITS.maxPageSize) });
export type ListWriteKeysRequest = Static<typeof listWriteKeysRequestSchema>;

export const revokeWriteKeyRequestSchema = closedObject({ projectId: uuid(), writeKeyId: uuid() });
export type RevokeWriteKeyRequest = Static<typeof revokeWriteKeyRequestSchema>;
