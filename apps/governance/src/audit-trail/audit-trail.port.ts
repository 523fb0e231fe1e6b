import type { EntityManager } from 'typeorm';
import type { AuditProofReply } from '@fulcrum/contracts';

/** One action to put on the audit trail. The payload is hashed (salted) into the leaf; it may be erased later. */
export interface AuditAction {
  /** The actor id, e.g. `user:<uuid>`, `service:ingest` (from the request envelope, never a payload). */
  actor: string;
  /** The actor's display name at the time (null when there is none): hashed into the leaf. */
  actorName: string | null;
  /** The project the action belongs to, null for an instance-level action: hashed into the leaf. */
  projectId: string | null;
  /** e.g. `model.registered`, `model-version.registered`, `alias.moved`, `decisions.recorded`. */
  action: string;
  /** e.g. `model:<uuid>`, `model-version:<uuid>`, `decision-batch:<uuid>`. */
  subject: string;
  payload: Record<string, unknown>;
  /** Default: now. */
  at?: Date;
}

export interface AppendedAuditEntry {
  seq: number;
  /** Hex leaf hash. */
  leafHash: string;
}

/**
 * The audit trail as the other governance modules use it (implemented in this folder).
 * `append` runs inside the caller's transaction, so an action and its trail entry commit together
 * or not at all; sequence numbers are contiguous from 0. There is one tree for the whole
 * installation; each entry names its project.
 */
export abstract class AuditTrailPort {
  abstract append(manager: EntityManager, actions: readonly AuditAction[]): Promise<AppendedAuditEntry[]>;
  /**
   * Entry `seq` with its inclusion proof in the current (or a given) signed tree head, whatever its
   * project: for callers that already scoped the object the entry records. Throws AUDIT_ENTRY_NOT_FOUND.
   */
  abstract proof(seq: number, treeSize?: number | null): Promise<AuditProofReply>;
  /** Erases the stored payloads of these entries (the leaves and their hashes stay, so proofs still verify). */
  abstract erasePayloads(manager: EntityManager, seqs: readonly number[]): Promise<void>;
  /** Assigns this installation's governance entries from before projects (v1, no project) to `projectId`; returns how many. */
  abstract adoptUnscoped(manager: EntityManager, projectId: string): Promise<number>;
}
