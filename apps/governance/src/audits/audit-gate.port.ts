import type { AuditDto } from '@fulcrum/contracts';

/** What the promotion gate asks of the audits (implemented in this folder, reading only the audits table). */
export abstract class AuditGate {
  /** The newest PASSED audit of the version that ran at or after `since`, or null. */
  abstract latestPassedAudit(versionId: string, since: Date): Promise<AuditDto | null>;
}
