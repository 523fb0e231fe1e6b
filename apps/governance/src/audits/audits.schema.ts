/** Entities and migrations of the audits module (it owns these tables; no other module touches them). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDITS_ENTITIES: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDITS_MIGRATIONS: Function[] = [];
