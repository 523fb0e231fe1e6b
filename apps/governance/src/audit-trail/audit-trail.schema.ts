import { CreateAuditTrail1763800000000 } from './1763800000000-create-audit-trail.migration';
import { ScopeAuditTrailToProjects1763900000000 } from './1763900000000-scope-audit-trail-to-projects.migration';

/**
 * Entities and migrations of the audit-trail module (it owns these tables; no other module touches them).
 * No entities: the trail is read and written with explicit SQL (row locks, ordered scans, ON CONFLICT).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDIT_TRAIL_ENTITIES: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDIT_TRAIL_MIGRATIONS: Function[] = [CreateAuditTrail1763800000000, ScopeAuditTrailToProjects1763900000000];
