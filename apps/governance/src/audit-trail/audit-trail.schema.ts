/** Entities and migrations of the audit-trail module (it owns these tables; no other module touches them). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDIT_TRAIL_ENTITIES: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDIT_TRAIL_MIGRATIONS: Function[] = [];
