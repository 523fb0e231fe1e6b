/** Entities and migrations of the decisions module (it owns these tables; no other module touches them). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DECISIONS_ENTITIES: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DECISIONS_MIGRATIONS: Function[] = [];
