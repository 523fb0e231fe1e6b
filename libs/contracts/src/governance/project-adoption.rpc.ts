import { type Static } from '@sinclair/typebox';
import { closedObject, uuid } from '../json-schema/json-schema.builders';

/**
 * `governance.projects.adopt-unscoped.v1`: assigns every governance row written before projects
 * existed (project NULL) to `projectId` — the installation's first project, chosen by the gateway,
 * since governance cannot read ingest's projects. Idempotent: only NULLs are touched, so a second
 * call adopts nothing and records nothing. Rejected JetStream decisions keep NULL ("project
 * unknown"): they are not readable through the API, and an erasure in any project clears them.
 */
export const adoptUnscopedRequestSchema = closedObject({ projectId: uuid() });
export type AdoptUnscopedRequest = Static<typeof adoptUnscopedRequestSchema>;

export interface AdoptUnscopedReply {
  projectId: string;
  /** Rows moved into the project by this call (all 0 when there was nothing left to adopt). */
  adopted: {
    models: number;
    decisions: number;
    audits: number;
    /** v1 trail entries of governance actions (their leaves do not change: the project is not hashed in v1). */
    auditEntries: number;
  };
  /** The `governance.unscoped-adopted` trail entry, or null when nothing was adopted. */
  auditSeq: number | null;
}
